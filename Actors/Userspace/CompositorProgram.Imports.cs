using Emulation.Actors.Uapi;
using Emulation.Actors.Userspace.Conversations;
using Emulation.Messages.Scenarios;
using Emulation.Messages.Userspace;

namespace Emulation.Actors.Userspace;

/// <summary>Client buffers in: the import policies, each gated on the kernel's capabilities (R7).</summary>
public sealed partial class CompositorProgram
{
    /// <summary>New wl_buffers of a client: the compositor takes its own fd of each and imports it by policy.</summary>
    public async Coroutine BuffersCreated(string client, IEnumerable<ClientBuffer> buffers)
    {
        if (!_surfaces.TryGetValue(client, out var surface)) return;
        foreach (var buffer in buffers)
        {
            var dup = await _kernel.Call(new Dup(buffer.Fd));
            var b = new Imported(buffer, dup.Ok ? dup.Value.Fd : 0);
            surface.Buffers[buffer.Key] = b;
            if (!dup.Ok)
            {
                Fail(b, dup.Errno);
                continue;
            }
            await ImportByPolicy(b, _t.DeviceOfOutput(surface.Output));
        }
    }

    /// <summary>A client destroyed wl_buffers: the compositor drops its imports, shadows and fds.</summary>
    public async Coroutine BuffersDestroyed(string client, IEnumerable<int> keys)
    {
        if (!_surfaces.TryGetValue(client, out var surface)) return;
        foreach (var key in keys)
        {
            if (!surface.Buffers.Remove(key, out var b)) continue;
            if (surface.Current == key) surface.Current = null;
            if (!b.Classified) Classify(b, Errno.None);
            await DropShadows(b, -1);
            if (b.Device >= 0 && FileOf(b.Device) is var file and > 0)
                await _kernel.Call(new GemClose(file, b.Handle));
            if (b.Fd > 0) await _kernel.Call(new CloseFd(b.Fd));
        }
    }

    /// <summary>Classifies imports never used (at the end of a run).</summary>
    public void ClassifyPending()
    {
        foreach (var b in _surfaces.Values.SelectMany(s => s.Buffers.Values).Where(b => !b.Classified))
            Classify(b, Errno.None);
    }

    private Coroutine ImportByPolicy(Imported b, int outputDevice)
    {
        var others = DeviceRoles.Renderers(_t, _present).Where(d => d != Primary).ToList();
        return Policy switch
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
    }

    private List<int> OutputFirst(int outputDevice, List<int> others)
    {
        var order = new List<int>();
        if (Renders(outputDevice)) order.Add(outputDevice);
        order.AddRange(new[] { Primary }.Concat(others).Where(d => !order.Contains(d)));
        return order;
    }

    /// <summary>Today's behaviour: import into the primary, after wlroots' validation probe (import, close).</summary>
    private async Coroutine Legacy(Imported b)
    {
        if (!Renders(Primary))
        {
            Fail(b, Errno.ENODEV);
            return;
        }
        var file = FileOf(Primary);
        var probe = await Try(b, file, 0);
        if (!probe.Ok)
        {
            Fail(b, probe.Errno);
            return;
        }
        var closed = await _kernel.Call(new GemClose(file, probe.Value.Handle));
        b.Effects.AddRange(closed.Effects);
        await Single(b, Primary, 0);
    }

    /// <summary>A capability-gated probe: the flag on each device in order, the first success wins, else legacy.</summary>
    private async Coroutine Probe(Imported b, IEnumerable<int> order, uint flag)
    {
        foreach (var device in order.Where(Renders))
        {
            var import = await Try(b, FileOf(device), flag);
            if (!import.Ok) continue;
            MarkImported(b, device, import.Value.Handle);
            return;
        }
        await Legacy(b);
    }

    /// <summary>One import on one device; its failure is the import's.</summary>
    private async Coroutine Single(Imported b, int device, uint flags)
    {
        if (!Renders(device))
        {
            Fail(b, Errno.ENODEV);
            return;
        }
        var import = await Try(b, FileOf(device), flags);
        if (!import.Ok) Fail(b, import.Errno);
        else MarkImported(b, device, import.Value.Handle);
    }

    /// <summary>R19: only into the client's sampling device when it named one; else try every device.</summary>
    private async Coroutine ClientHint(Imported b, List<int> others)
    {
        if (b.Buffer.SamplingDevice is { } named)
        {
            await Single(b, _t.IndexOf(named), 0);
            return;
        }
        foreach (var device in new[] { Primary }.Concat(others).Where(Renders))
        {
            var import = await Try(b, FileOf(device), 0);
            if (!import.Ok) continue;
            MarkImported(b, device, import.Value.Handle);
            return;
        }
        Fail(b, Errno.EINVAL);
    }

    /// <summary>Smithay: import only on the device that allocated the buffer (a self-import); copy for everything else.</summary>
    private Coroutine OnAllocatingDevice(Imported b)
    {
        var device = _t.IndexOf(b.Buffer.AllocDevice);
        return Renders(device) ? Single(b, device, 0) : Legacy(b);
    }

    /// <summary>One FD_TO_HANDLE of the buffer; what it did counts towards the import's outcome.</summary>
    private async Coroutine<IoctlOutcome<HandleResult>> Try(Imported b, int file, uint flags)
    {
        var import = await _kernel.Call(new Import(file, b.Fd, flags));
        b.Effects.AddRange(import.Effects);
        return import;
    }

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
    private async Coroutine DropShadows(Imported b, int device)
    {
        foreach (var (renderDevice, shadow) in b.Shadows.ToList())
        {
            if (device >= 0 && shadow.Device != device && shadow.RenderDevice != device) continue;
            b.Shadows.Remove(renderDevice);
            if (_present.Contains(shadow.RenderDevice) && shadow.RenderDevice != device)
                await _kernel.Call(new GemClose(FileOf(shadow.RenderDevice), shadow.RenderHandle));
            if (_present.Contains(shadow.Device) && shadow.Device != device)
                await _kernel.Call(new GemClose(FileOf(shadow.Device), shadow.Handle));
            await _kernel.Call(new CloseFd(shadow.Fd));
        }
    }
}
