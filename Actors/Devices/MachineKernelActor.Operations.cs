using System.Collections.Immutable;
using Emulation.Kernel;
using Emulation.Messages;

namespace Emulation.Actors.Devices;

/// <summary>One handler per kernel operation: decode the request, apply the pure operation, encode the reply.</summary>
public sealed partial class MachineKernelActor
{
    private void ReceiveOperations()
    {
        // Files
        Receive<OpenRequest>(m => Apply(m, s => s.Open(DeviceIndex(m.Device), m.RenderNode),
            r => new OpenReply(m.RequestId, r.Errno, r.Value, r.Effects)));
        Receive<CloseFileRequest>(m => Apply(m, s => s.CloseFile(m.File),
            r => new CloseFileReply(m.RequestId, r.Errno, r.Effects)));

        // Objects
        Receive<CreateDumbRequest>(m => Apply(m, s => s.CreateDumb(m.File, m.Width, m.Height, m.Bpp),
            r => new CreateDumbReply(m.RequestId, r.Errno, r.Value, r.Effects)));
        Receive<AllocRequest>(m => Apply(m, s => s.Alloc(m.File, m.Bytes, m.Placement, m.Only, m.Contiguous),
            r => new AllocReply(m.RequestId, r.Errno, r.Value, r.Effects)));
        Receive<GemCloseRequest>(m => Apply(m, s => s.GemClose(m.File, m.Handle),
            r => new GemCloseReply(m.RequestId, r.Errno, r.Value, r.Effects)));

        // PRIME
        Receive<ExportRequest>(m => Apply(m, s => s.Export(m.File, m.Handle, m.Flags),
            r => new ExportReply(m.RequestId, r.Errno, r.Value, r.Effects)));
        Receive<ImportRequest>(m => Apply(m, s => s.Import(m.File, m.Fd, m.Flags),
            r => new ImportReply(m.RequestId, r.Errno, r.Value, r.Effects)));
        Receive<ImportBadFdRequest>(m => Apply(m, s => s.ImportBadFd(m.File, m.Kind),
            r => new ImportBadFdReply(m.RequestId, r.Errno, r.Effects)));

        // dma-buf fds
        Receive<CloseFdRequest>(m => Apply(m, s => s.CloseFd(m.Fd),
            r => new CloseFdReply(m.RequestId, r.Errno, r.Effects)));
        Receive<DupRequest>(m => Apply(m, s => s.Dup(m.Fd),
            r => new DupReply(m.RequestId, r.Errno, r.Value, r.Effects)));
        Receive<SeekEndRequest>(m => Apply(m, s => s.SeekEnd(m.Fd),
            r => new SeekEndReply(m.RequestId, r.Errno, r.Value, r.Effects)));
        Receive<SeekBadRequest>(m => Apply(m, s => s.SeekBad(m.Fd),
            r => new SeekBadReply(m.RequestId, r.Errno, r.Effects)));
        Receive<WriteRequest>(m => Apply(m, s => s.Write(m.Fd, m.Value),
            r => new WriteReply(m.RequestId, r.Errno, r.Effects)));
        Receive<ReadRequest>(m => Apply(m, s => s.Read(m.Fd),
            r => new ReadReply(m.RequestId, r.Errno, r.Value, r.Effects)));

        // Use
        Receive<MapRequest>(m => Apply(m, s => s.Map(m.File, m.Handle),
            r => new MapReply(m.RequestId, r.Errno, r.Value, r.Effects)));
        Receive<UnmapRequest>(m => Apply(m, s => s.Unmap(m.File, m.Handle),
            r => new UnmapReply(m.RequestId, r.Errno, r.Value, r.Effects)));
        Receive<RenderRequest>(m => Apply(m, s => s.Render(m.File, m.Handle),
            r => new RenderReply(m.RequestId, r.Errno, r.Value, r.Effects)));
        Receive<QueryRequest>(m => Apply(m, s => s.Query(m.File, m.Handle),
            r => new QueryReply(m.RequestId, r.Errno, r.Value, r.Effects)));

        // Display
        Receive<AddFramebufferRequest>(m => Apply(m, s => s.AddFramebuffer(m.File, m.Handle),
            r => new AddFramebufferReply(m.RequestId, r.Errno, r.Value, r.Effects)));
        Receive<ScanoutRequest>(m => Apply(m, s => s.Scanout(m.File, m.Handle, m.Output),
            r => new ScanoutReply(m.RequestId, r.Errno, r.Value, r.Effects)));

        // Devices
        Receive<PressureRequest>(m => Apply(m, s => s.Pressure(DeviceIndex(m.Device), m.Bytes),
            r => new PressureReply(m.RequestId, r.Errno, r.Value, r.Effects)));
        Receive<ReleasePressureRequest>(m => Apply(m, s => ReleasePressure(s, DeviceIndex(m.Device), m.Bo),
            r => new ReleasePressureReply(m.RequestId, r.Errno, r.Effects)));
        Receive<UnplugRequest>(m => Apply(m, s => s.Unplug(DeviceIndex(m.Device)),
            r => new UnplugReply(m.RequestId, r.Errno, r.Effects),
            _ => PlugChanged(m.RequestId, DeviceIndex(m.Device))));
        Receive<ReplugRequest>(m => Apply(m, s => s.Replug(DeviceIndex(m.Device)),
            r => new ReplugReply(m.RequestId, r.Errno, r.Effects),
            _ => PlugChanged(m.RequestId, DeviceIndex(m.Device))));

        // Pools
        Receive<PoolUsageRequest>(m => Apply(m, s => Usage(s, m.Pool),
            r => new PoolUsageReply(m.RequestId, r.Errno, r.Value ?? new PoolUsage(m.Pool, 0, 0), r.Effects)));

        // Knobs
        Receive<SetKnobsRequest>(m => Apply(m, s => SetKnobs(s, m.Knobs),
            r => new SetKnobsReply(m.RequestId, r.Errno, r.Value ?? _state.Knobs, r.Effects)));
        Receive<SetKnobRequest>(m =>
        {
            var error = "";
            Apply(m, s => SetKnob(s, m.Name, m.Value, out error),
                r => new SetKnobReply(m.RequestId, r.Errno, r.Value ?? _state.Knobs, error, r.Effects));
        });
    }

    /// <summary>ReleasePressure, scoped to the device the request names: ENOENT for another device's object.</summary>
    private static KernelResult<Unit> ReleasePressure(KernelState s, int device, int bo) =>
        s.Objects.TryGetValue(bo, out var obj) && obj.Device == device
            ? s.ReleasePressure(bo)
            : KernelResult<Unit>.Fail(s, Errno.ENOENT);

    private KernelResult<PoolUsage> Usage(KernelState s, string pool)
    {
        var index = Array.IndexOf(_poolNames, pool);
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

    /// <summary>Tells a device's face that it was unplugged or replugged (sent before the reply, like the effects).</summary>
    private void PlugChanged(long requestId, int device)
    {
        var face = _deviceFaces[device];
        if (face is null) return;
        var d = _state.Devices[device];
        face.Tell(new DevicePlugChanged(requestId, _state.Topology.Devices[device].Id, d.Present, d.Generation), Self);
    }
}
