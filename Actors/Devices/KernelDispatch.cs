using System.Collections.Immutable;
using Emulation.Actors.Kernel;
using Emulation.Actors.Uapi;
using Emulation.Messages;
using Emulation.Messages.Machines;

namespace Emulation.Actors.Devices;

/// <summary>
/// The protocol's requests mapped onto the pure kernel operations: decode, apply, encode the reply.
/// Pure (a state and a request in, a state and a reply out), so the machine-kernel actor and direct
/// runs share it. Requests that are not operations (the tally, the frame's end) are answered by
/// <see cref="MachineKernel"/>.
/// </summary>
public static class KernelDispatch
{
    public static (KernelState State, IKernelReply Reply) Apply(KernelState s, IKernelRequest request)
    {
        switch (request)
        {
            case OpenRequest m: return Reply(s.Open(s.Topology.IndexOf(m.Device), m.RenderNode), r => new OpenReply(m.RequestId, r.Errno, r.Value, r.Effects));
            case CloseFileRequest m: return Reply(s.CloseFile(m.File), r => new CloseFileReply(m.RequestId, r.Errno, r.Effects));
            case CreateDumbRequest m: return Reply(s.CreateDumb(m.File, m.Width, m.Height, m.Bpp), r => new CreateDumbReply(m.RequestId, r.Errno, r.Value, r.Effects));
            case AllocRequest m: return Reply(s.Alloc(m.File, m.Bytes, m.Placement, m.Only, m.Contiguous), r => new AllocReply(m.RequestId, r.Errno, r.Value, r.Effects));
            case GemCloseRequest m: return Reply(s.GemClose(m.File, m.Handle), r => new GemCloseReply(m.RequestId, r.Errno, r.Value, r.Effects));
            case ExportRequest m: return Reply(s.Export(m.File, m.Handle, m.Flags), r => new ExportReply(m.RequestId, r.Errno, r.Value, r.Effects));
            case ImportRequest m: return Reply(s.Import(m.File, m.Fd, m.Flags), r => new ImportReply(m.RequestId, r.Errno, r.Value, r.Effects));
            case ImportBadFdRequest m: return Reply(s.ImportBadFd(m.File, m.Kind), r => new ImportBadFdReply(m.RequestId, r.Errno, r.Effects));
            case CloseFdRequest m: return Reply(s.CloseFd(m.Fd), r => new CloseFdReply(m.RequestId, r.Errno, r.Effects));
            case DupRequest m: return Reply(s.Dup(m.Fd), r => new DupReply(m.RequestId, r.Errno, r.Value, r.Effects));
            case SeekEndRequest m: return Reply(s.SeekEnd(m.Fd), r => new SeekEndReply(m.RequestId, r.Errno, r.Value, r.Effects));
            case SeekBadRequest m: return Reply(s.SeekBad(m.Fd), r => new SeekBadReply(m.RequestId, r.Errno, r.Effects));
            case WriteRequest m: return Reply(s.Write(m.Fd, m.Value), r => new WriteReply(m.RequestId, r.Errno, r.Effects));
            case ReadRequest m: return Reply(s.Read(m.Fd), r => new ReadReply(m.RequestId, r.Errno, r.Value, r.Effects));
            case MapRequest m: return Reply(s.Map(m.File, m.Handle), r => new MapReply(m.RequestId, r.Errno, r.Value, r.Effects));
            case UnmapRequest m: return Reply(s.Unmap(m.File, m.Handle), r => new UnmapReply(m.RequestId, r.Errno, r.Value, r.Effects));
            case RenderRequest m: return Reply(s.Render(m.File, m.Handle), r => new RenderReply(m.RequestId, r.Errno, r.Value, r.Effects));
            case QueryRequest m: return Reply(s.Query(m.File, m.Handle), r => new QueryReply(m.RequestId, r.Errno, r.Value, r.Effects));
            case AddFramebufferRequest m: return Reply(s.AddFramebuffer(m.File, m.Handle), r => new AddFramebufferReply(m.RequestId, r.Errno, r.Value, r.Effects));
            case ScanoutRequest m: return Reply(s.Scanout(m.File, m.Handle, m.Output), r => new ScanoutReply(m.RequestId, r.Errno, r.Value, r.Effects));
            case PressureRequest m: return Reply(s.Pressure(s.Topology.IndexOf(m.Device), m.Bytes), r => new PressureReply(m.RequestId, r.Errno, r.Value, r.Effects));
            case VramPressureRequest m:
                var device = s.Topology.IndexOf(m.Device);
                var pressure = m.LeaveFree >= 0 ? s.PressureLeaving(device, m.LeaveFree, m.Pinned) : s.Pressure(device, m.Bytes, m.Pinned);
                return Reply(pressure, r => new VramPressureReply(m.RequestId, r.Errno, r.Value, r.Effects));
            case UsePressureRequest m: return Reply(s.UsePressure(m.Bo), r => new UsePressureReply(m.RequestId, r.Errno, r.Effects));
            case ReleasePressureRequest m: return Reply(ReleasePressure(s, s.Topology.IndexOf(m.Device), m.Bo), r => new ReleasePressureReply(m.RequestId, r.Errno, r.Effects));
            case UnplugRequest m: return Reply(s.Unplug(s.Topology.IndexOf(m.Device)), r => new UnplugReply(m.RequestId, r.Errno, r.Effects));
            case ReplugRequest m: return Reply(s.Replug(s.Topology.IndexOf(m.Device)), r => new ReplugReply(m.RequestId, r.Errno, r.Effects));
            case PoolUsageRequest m: return Reply(Usage(s, m.Pool), r => new PoolUsageReply(m.RequestId, r.Errno, r.Value ?? new PoolUsage(m.Pool, 0, 0), r.Effects));
            case SetKnobsRequest m: return Reply(SetKnobs(s, m.Knobs), r => new SetKnobsReply(m.RequestId, r.Errno, r.Value ?? s.Knobs, r.Effects));
            case SetKnobRequest m:
                var knob = SetKnob(s, m.Name, m.Value, out var error);
                return Reply(knob, r => new SetKnobReply(m.RequestId, r.Errno, r.Value ?? s.Knobs, error, r.Effects));
            default:
                throw new ArgumentException($"no kernel operation for {request.GetType().Name}", nameof(request));
        }
    }

    private static (KernelState, IKernelReply) Reply<T>(KernelResult<T> result, Func<KernelResult<T>, IKernelReply> reply) =>
        (result.State, reply(result));

    /// <summary>ReleasePressure, scoped to the device the request names: ENOENT for another device's object.</summary>
    private static KernelResult<Unit> ReleasePressure(KernelState s, int device, int bo) =>
        s.Objects.TryGetValue(bo, out var obj) && obj.Device == device
            ? s.ReleasePressure(bo)
            : KernelResult<Unit>.Fail(s, Errno.ENOENT);

    private static KernelResult<PoolUsage> Usage(KernelState s, string pool)
    {
        var index = Enumerable.Range(0, Pools.Count(s.Topology)).FirstOrDefault(i => Pools.Name(s.Topology, i) == pool, -1);
        if (index < 0) return KernelResult<PoolUsage>.Fail(s, Errno.ENOENT);
        var (placement, device) = Pools.Describe(index);
        var usage = new PoolUsage(pool, s.PoolUsed[index], s.Topology.Capacity(placement, Math.Max(device, 0)));
        return new KernelResult<PoolUsage>(s, Errno.None, usage, ImmutableArray<KernelEffect>.Empty);
    }

    private static KernelResult<Knobs> SetKnobs(KernelState s, Knobs? knobs) =>
        knobs is null
            ? KernelResult<Knobs>.Fail(s, Errno.EINVAL)
            : new KernelResult<Knobs>(s.WithKnobs(knobs), Errno.None, knobs, ImmutableArray<KernelEffect>.Empty);

    private static KernelResult<Knobs> SetKnob(KernelState s, string name, string value, out string error)
    {
        var knobs = s.Knobs.With(name, value, out var problem);
        error = problem ?? "";
        return problem is not null
            ? KernelResult<Knobs>.Fail(s, Errno.EINVAL)
            : new KernelResult<Knobs>(s.WithKnobs(knobs), Errno.None, knobs, ImmutableArray<KernelEffect>.Empty);
    }
}
