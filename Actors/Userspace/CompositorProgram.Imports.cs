using Emulation.Actors.Uapi;
using Emulation.Messages;
using Emulation.Messages.Scenarios;
using Emulation.Messages.Userspace;

namespace Emulation.Actors.Userspace;

/// <summary>Client buffers in: the import policies of spec 4, each gated on the kernel's capabilities (R7).</summary>
public sealed partial class CompositorProgram
{
    /// <summary>New wl_buffers of a client: the compositor takes its own fd of each and imports it by policy.</summary>
    public IEnumerable<IKernelRequest> BuffersCreated(string client, IEnumerable<ClientBuffer> buffers)
    {
        if (!_surfaces.TryGetValue(client, out var surface)) yield break;
        foreach (var buffer in buffers)
        {
            yield return new DupRequest(_k.NextId(), buffer.Fd);
            var dup = _k.Last<DupReply>();
            var b = new Imported(buffer, dup.Errno == Errno.None ? dup.Value.Fd : 0);
            surface.Buffers[buffer.Key] = b;
            if (dup.Errno != Errno.None)
            {
                Fail(b, dup.Errno);
                continue;
            }
            foreach (var r in ImportByPolicy(b, _t.DeviceOfOutput(surface.Output))) yield return r;
        }
    }

    /// <summary>A client destroyed wl_buffers: the compositor drops its imports, shadows and fds.</summary>
    public IEnumerable<IKernelRequest> BuffersDestroyed(string client, IEnumerable<int> keys)
    {
        if (!_surfaces.TryGetValue(client, out var surface)) yield break;
        foreach (var key in keys)
        {
            if (!surface.Buffers.Remove(key, out var b)) continue;
            if (surface.Current == key) surface.Current = null;
            if (!b.Classified) Classify(b, Errno.None);
            foreach (var r in DropShadows(b, -1)) yield return r;
            if (b.Device >= 0 && FileOf(b.Device) is var file and > 0)
                yield return new GemCloseRequest(_k.NextId(), file, b.Handle);
            if (b.Fd > 0) yield return new CloseFdRequest(_k.NextId(), b.Fd);
        }
    }

    /// <summary>Classifies imports never used (at the end of a run).</summary>
    public void ClassifyPending()
    {
        foreach (var b in _surfaces.Values.SelectMany(s => s.Buffers.Values).Where(b => !b.Classified))
            Classify(b, Errno.None);
    }

    private IEnumerable<IKernelRequest> ImportByPolicy(Imported b, int outputDevice)
    {
        var others = DeviceRoles.Renderers(_t, _present).Where(d => d != Primary).ToList();
        IEnumerable<IKernelRequest> plan = Policy switch
        {
            ImportPolicy.NoMoveProbePrimaryFirst when Knobs.NoMove != NoMoveSupport.Unsupported =>
                Probe(b, [Primary, .. others], ImportFlags.NoMove),
            ImportPolicy.NoMoveProbeOutputFirst when Knobs.NoMove != NoMoveSupport.Unsupported =>
                Probe(b, OutputFirst(outputDevice, others), ImportFlags.NoMove),
            ImportPolicy.SameDevice when Knobs.SameDevice == SameDeviceSupport.Supported =>
                Probe(b, [Primary, .. others], ImportFlags.SameDevice),
            ImportPolicy.DynamicNoPin => Single(b, Primary, ImportFlags.Dynamic),
            ImportPolicy.ClientHint => ClientHint(b, others),
            ImportPolicy.ShadowCopy => OnAllocatingDevice(b),
            _ => Legacy(b),
        };
        foreach (var r in plan) yield return r;
    }

    private List<int> OutputFirst(int outputDevice, List<int> others)
    {
        var order = new List<int>();
        if (Renders(outputDevice)) order.Add(outputDevice);
        order.AddRange(new[] { Primary }.Concat(others).Where(d => !order.Contains(d)));
        return order;
    }

    /// <summary>Today's behaviour: import into the primary, after wlroots' validation probe (import, close).</summary>
    private IEnumerable<IKernelRequest> Legacy(Imported b)
    {
        if (!Renders(Primary))
        {
            Fail(b, Errno.ENODEV);
            yield break;
        }
        var file = FileOf(Primary);
        var probe = Try(b, file, 0);
        yield return probe;
        var reply = _k.Last<ImportReply>();
        b.Effects.AddRange(reply.Effects);
        if (reply.Errno != Errno.None)
        {
            Fail(b, reply.Errno);
            yield break;
        }
        yield return new GemCloseRequest(_k.NextId(), file, reply.Value.Handle);
        b.Effects.AddRange(_k.Last<GemCloseReply>().Effects);
        foreach (var r in Single(b, Primary, 0)) yield return r;
    }

    /// <summary>A capability-gated probe: the flag on each device in order, the first success wins, else legacy.</summary>
    private IEnumerable<IKernelRequest> Probe(Imported b, IEnumerable<int> order, uint flag)
    {
        foreach (var device in order.Where(Renders))
        {
            yield return Try(b, FileOf(device), flag);
            var reply = _k.Last<ImportReply>();
            b.Effects.AddRange(reply.Effects);
            if (reply.Errno != Errno.None) continue;
            MarkImported(b, device, reply.Value.Handle);
            yield break;
        }
        foreach (var r in Legacy(b)) yield return r;
    }

    /// <summary>One import on one device; its failure is the import's.</summary>
    private IEnumerable<IKernelRequest> Single(Imported b, int device, uint flags)
    {
        if (!Renders(device))
        {
            Fail(b, Errno.ENODEV);
            yield break;
        }
        yield return Try(b, FileOf(device), flags);
        var reply = _k.Last<ImportReply>();
        b.Effects.AddRange(reply.Effects);
        if (reply.Errno != Errno.None) Fail(b, reply.Errno);
        else MarkImported(b, device, reply.Value.Handle);
    }

    /// <summary>R19: only into the client's sampling device when it named one; else try every device.</summary>
    private IEnumerable<IKernelRequest> ClientHint(Imported b, List<int> others)
    {
        if (b.Buffer.SamplingDevice is { } named)
        {
            foreach (var r in Single(b, _t.IndexOf(named), 0)) yield return r;
            yield break;
        }
        foreach (var device in new[] { Primary }.Concat(others).Where(Renders))
        {
            yield return Try(b, FileOf(device), 0);
            var reply = _k.Last<ImportReply>();
            b.Effects.AddRange(reply.Effects);
            if (reply.Errno != Errno.None) continue;
            MarkImported(b, device, reply.Value.Handle);
            yield break;
        }
        Fail(b, Errno.EINVAL);
    }

    /// <summary>Smithay: import only on the device that allocated the buffer (a self-import); copy for everything else.</summary>
    private IEnumerable<IKernelRequest> OnAllocatingDevice(Imported b)
    {
        var device = _t.IndexOf(b.Buffer.AllocDevice);
        var plan = Renders(device) ? Single(b, device, 0) : Legacy(b);
        foreach (var r in plan) yield return r;
    }

    private ImportRequest Try(Imported b, int file, uint flags) => new(_k.NextId(), file, b.Fd, flags);

    private static void MarkImported(Imported b, int device, int handle)
    {
        b.Device = device;
        b.Handle = handle;
        b.Failure = Errno.None;
    }

    private void Fail(Imported b, Errno errno)
    {
        b.Device = -1;
        b.Failure = errno;
        Classify(b, errno);
    }

    private void Classify(Imported b, Errno failure)
    {
        if (b.Classified) return;
        b.Classified = true;
        var outcome = failure != Errno.None ? ImportOutcome.Failed : ImportTally.Classify(b.Effects);
        Imports.Count(outcome, failure);
        b.Effects.Clear();
    }

    /// <summary>Drops a buffer's shadows that live on or are sampled by <paramref name="device"/> (-1: all).</summary>
    private IEnumerable<IKernelRequest> DropShadows(Imported b, int device)
    {
        foreach (var (renderDevice, shadow) in b.Shadows.ToList())
        {
            if (device >= 0 && shadow.Device != device && shadow.RenderDevice != device) continue;
            b.Shadows.Remove(renderDevice);
            if (_present.Contains(shadow.RenderDevice) && shadow.RenderDevice != device)
                yield return new GemCloseRequest(_k.NextId(), FileOf(shadow.RenderDevice), shadow.RenderHandle);
            if (_present.Contains(shadow.Device) && shadow.Device != device)
                yield return new GemCloseRequest(_k.NextId(), FileOf(shadow.Device), shadow.Handle);
            yield return new CloseFdRequest(_k.NextId(), shadow.Fd);
        }
    }
}
