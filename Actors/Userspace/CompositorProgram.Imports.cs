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
            var imported = new Imported(buffer, dup.Ok ? dup.Value.Fd : 0);
            surface.Buffers[buffer.Key] = imported;
            if (!dup.Ok)
            {
                Fail(imported, dup.Errno);
                continue;
            }
            await ImportByPolicy(imported, _topology.DeviceOfOutput(surface.Output));
        }
    }

    /// <summary>A client destroyed wl_buffers: the compositor drops its imports, shadows and fds.</summary>
    public async Coroutine BuffersDestroyed(string client, IEnumerable<int> keys)
    {
        if (!_surfaces.TryGetValue(client, out var surface)) return;
        foreach (var key in keys)
        {
            if (!surface.Buffers.Remove(key, out var imported)) continue;
            if (surface.Current == key)
            {
                surface.Current = null;
                Repaint(surface.Output);
            }
            if (!imported.Classified) Classify(imported, Errno.None);
            await DropShadows(imported, device: null);
            if (imported.Device is { } device && FileOf(device) is var file and > 0)
                await _kernel.Call(new GemClose(file, imported.Handle));
            if (imported.Fd > 0) await _kernel.Call(new CloseFd(imported.Fd));
        }
    }

    /// <summary>Classifies imports never used (at the end of a run).</summary>
    public void ClassifyPending()
    {
        foreach (var imported in _surfaces.Values.SelectMany(s => s.Buffers.Values).Where(b => !b.Classified))
            Classify(imported, Errno.None);
    }

    private Coroutine ImportByPolicy(Imported imported, int? outputDevice)
    {
        var others = DeviceRoles.Renderers(_topology, _present).Where(d => d != Primary).ToList();
        if (MissingCapability(Policy, Knobs) is not null) Imports.FellBack();
        return Policy switch
        {
            ImportPolicy.NoMoveProbePrimaryFirst when Knobs.NoMove != NoMoveSupport.Unsupported =>
                Probe(imported, PrimaryThen(others), ImportFlags.NoMove),
            ImportPolicy.NoMoveProbeOutputFirst when Knobs.NoMove != NoMoveSupport.Unsupported =>
                Probe(imported, OutputFirst(outputDevice, others), ImportFlags.NoMove),
            ImportPolicy.SameDevice when Knobs.SameDevice == SameDeviceSupport.Supported =>
                Probe(imported, PrimaryThen(others), ImportFlags.SameDevice),
            ImportPolicy.DynamicNoPin => Single(imported, Primary, ImportFlags.Dynamic),
            ImportPolicy.ClientHint => ClientHint(imported, others),
            ImportPolicy.ShadowCopy => OnAllocatingDevice(imported),
            _ => Legacy(imported),
        };
    }

    /// <summary>
    /// The capability a policy needs that the kernel lacks, so that its imports run the legacy path (R7: the
    /// compositor gates on the DRM capability; R18: the kernel ignores DYNAMIC without move-notify): its knob
    /// and value, or null when nothing is missing.
    /// </summary>
    public static string? MissingCapability(ImportPolicy policy, Knobs knobs) => policy switch
    {
        ImportPolicy.NoMoveProbePrimaryFirst or ImportPolicy.NoMoveProbeOutputFirst when knobs.NoMove == NoMoveSupport.Unsupported =>
            "no-move = unsupported",
        ImportPolicy.SameDevice when knobs.SameDevice == SameDeviceSupport.Unsupported => "same-device = unsupported",
        ImportPolicy.DynamicNoPin when !knobs.MoveNotify => "move-notify = false",
        _ => null,
    };

    /// <summary>The primary (when there is one), then <paramref name="others"/>.</summary>
    private List<int> PrimaryThen(List<int> others) => Primary is { } primary ? [primary, .. others] : others;

    private List<int> OutputFirst(int? outputDevice, List<int> others)
    {
        var order = new List<int>();
        if (outputDevice is { } output && Renders(output)) order.Add(output);
        order.AddRange(PrimaryThen(others).Where(d => !order.Contains(d)));
        return order;
    }

    /// <summary>Today's behaviour: import into the primary, after wlroots' validation probe (import, close).</summary>
    private async Coroutine Legacy(Imported imported)
    {
        if (Primary is not { } primary || !Renders(primary))
        {
            Fail(imported, Errno.ENODEV);
            return;
        }
        var file = FileOf(primary);
        var probe = await Try(imported, file, 0);
        if (!probe.Ok)
        {
            Fail(imported, probe.Errno);
            return;
        }
        var closed = await _kernel.Call(new GemClose(file, probe.Value.Handle));
        imported.Effects.AddRange(closed.Effects);
        await Single(imported, primary, 0);
    }

    /// <summary>A capability-gated probe: the flag on each device in order, the first success wins, else legacy.</summary>
    private async Coroutine Probe(Imported imported, IEnumerable<int> order, uint flag)
    {
        foreach (var device in order.Where(d => Renders(d)))
        {
            var import = await Try(imported, FileOf(device), flag);
            if (!import.Ok)
            {
                Imports.Probed(succeeded: false, outsidePreferred: false);
                continue;
            }
            // Where the buffer is now, against where its owner wants it: an evicted buffer passes NO_MOVE (R16).
            var where = await _kernel.Call(new Query(FileOf(device), import.Value.Handle));
            Imports.Probed(succeeded: true, outsidePreferred: where.Ok && where.Value.Placement != where.Value.Preferred);
            MarkImported(imported, device, import.Value.Handle);
            return;
        }
        await Legacy(imported);
    }

    /// <summary>One import on one device (ENODEV when there is none that renders); its failure is the import's.</summary>
    private async Coroutine Single(Imported imported, int? device, uint flags)
    {
        if (device is not { } target || !Renders(target))
        {
            Fail(imported, Errno.ENODEV);
            return;
        }
        var import = await Try(imported, FileOf(target), flags);
        if (!import.Ok) Fail(imported, import.Errno);
        else MarkImported(imported, target, import.Value.Handle);
    }

    /// <summary>R19: only into the client's sampling device when it named one; else try every device.</summary>
    private async Coroutine ClientHint(Imported imported, List<int> others)
    {
        if (imported.Buffer.SamplingDevice is { } named)
        {
            await Single(imported, _topology.FindDevice(named), 0);
            return;
        }
        foreach (var device in PrimaryThen(others).Where(d => Renders(d)))
        {
            var import = await Try(imported, FileOf(device), 0);
            if (!import.Ok) continue;
            MarkImported(imported, device, import.Value.Handle);
            return;
        }
        Fail(imported, Errno.EINVAL);
    }

    /// <summary>Smithay: import only on the device that allocated the buffer (a self-import); copy for everything else.</summary>
    private Coroutine OnAllocatingDevice(Imported imported)
    {
        var device = _topology.FindDevice(imported.Buffer.AllocDevice);
        return Renders(device) ? Single(imported, device, 0) : Legacy(imported);
    }

    /// <summary>One FD_TO_HANDLE of the buffer; what it did counts towards the import's outcome.</summary>
    private async Coroutine<IoctlOutcome<HandleResult>> Try(Imported imported, int file, uint flags)
    {
        var import = await _kernel.Call(new Import(file, imported.Fd, flags));
        imported.Effects.AddRange(import.Effects);
        return import;
    }

    private static void MarkImported(Imported imported, int device, int handle)
    {
        imported.Device = device;
        imported.Handle = handle;
        imported.Failure = Errno.None;
    }

    private void Fail(Imported imported, Errno errno)
    {
        imported.Device = null;
        imported.Failure = errno;
        Classify(imported, errno);
    }

    private void Classify(Imported imported, Errno failure)
    {
        if (imported.Classified) return;
        imported.Classified = true;
        var outcome = failure != Errno.None ? ImportOutcome.Failed : ImportTally.Classify(imported.Effects);
        Imports.Count(outcome, failure);
        imported.Effects.Clear();
    }

    /// <summary>Drops a buffer's shadows that live on or are sampled by <paramref name="device"/> (null: all of them).</summary>
    private async Coroutine DropShadows(Imported imported, int? device)
    {
        foreach (var (renderDevice, shadow) in imported.Shadows.ToList())
        {
            if (device is not null && shadow.Device != device && shadow.RenderDevice != device) continue;
            imported.Shadows.Remove(renderDevice);
            if (_present.Contains(shadow.RenderDevice) && shadow.RenderDevice != device)
                await _kernel.Call(new GemClose(FileOf(shadow.RenderDevice), shadow.RenderHandle));
            if (_present.Contains(shadow.Device) && shadow.Device != device)
                await _kernel.Call(new GemClose(FileOf(shadow.Device), shadow.Handle));
            await _kernel.Call(new CloseFd(shadow.Fd));
            CopyBufferBytes -= shadow.Bytes;
        }
    }
}
