using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>
/// The operations of the kernel model. Each is a pure function of a <see cref="KernelState"/>:
/// it returns the new state, an errno, a value and the effects in order; a failure returns the
/// input state unchanged.
/// </summary>
public static partial class KernelOperations
{
    /// <summary>open() of a device's primary node, or its render node, by a process in the role <paramref name="owner"/>.</summary>
    public static KernelResult<int> Open(this KernelState s, int device, bool renderNode, BufferOwner owner = BufferOwner.Client)
    {
        var t = new Txn(s);
        if (device < 0 || device >= s.Devices.Length) return t.Fail<int>(Errno.ENOENT);
        if (!s.Devices[device].Present) return t.Fail<int>(Errno.ENODEV);
        if (renderNode && !s.Spec(device).HasRenderNode) return t.Fail<int>(Errno.ENOENT);
        var id = t.OpenFile(device, s.Devices[device].Generation, renderNode, owner);
        return t.Commit(id);
    }

    /// <summary>
    /// close() of a DRM file: outputs it drives go dark, then all its handles go as by GEM_CLOSE,
    /// then its framebuffers. Works on files of an unplugged device (close is no ioctl).
    /// </summary>
    public static KernelResult<Unit> CloseFile(this KernelState s, int fileId)
    {
        var t = new Txn(s);
        if (!s.Files.TryGetValue(fileId, out var file)) return t.Fail<Unit>(Errno.EBADF);
        foreach (var output in s.Scanouts.Values.Where(so => so.File == fileId).Select(so => so.Output).ToList())
            t.ReleaseScanout(output);
        foreach (var handle in file.Handles.Keys.ToList())
            t.DropHandle(fileId, handle);
        var framebuffers = t.State.Files[fileId].Framebuffers.Values.ToList();
        t.RemoveFile(fileId);
        foreach (var bo in framebuffers)
            t.CollectBo(bo);
        return t.Commit(default(Unit));
    }

    /// <summary>Emulated time passes: the kernel's clock moves on (it refills move budgets, R14). EINVAL when negative.</summary>
    public static KernelResult<Unit> AdvanceClock(this KernelState s, long micros) =>
        micros < 0
            ? KernelResult<Unit>.Fail(s, Errno.EINVAL)
            : new(s with { ClockMicros = s.ClockMicros + micros }, Errno.None, default, []) { Changes = KernelChanges.None };

    /// <summary>Changes the kernel knobs; they apply to later operations only.</summary>
    public static KernelState WithKnobs(this KernelState s, Knobs knobs) => s with { Knobs = knobs };

    /// <summary>
    /// Sets one knob by its name and value word. EINVAL for an unknown knob or value: nothing changes, and
    /// the answer still carries the knobs in force with what was expected.
    /// </summary>
    public static KernelResult<KnobSetting> SetKnob(this KernelState s, string name, string value)
    {
        var knobs = s.Knobs.With(name, value, out var problem);
        return problem is not null
            ? new(s, Errno.EINVAL, new KnobSetting(s.Knobs, problem), []) { Changes = KernelChanges.None }
            : new(s.WithKnobs(knobs), Errno.None, new KnobSetting(knobs, ""), []) { Changes = KernelChanges.None };
    }

    /// <summary>Replaces every knob.</summary>
    public static KernelResult<Knobs> SetKnobs(this KernelState s, Knobs knobs) =>
        new(s.WithKnobs(knobs), Errno.None, knobs, []) { Changes = KernelChanges.None };

    /// <summary>One pool's usage and capacity, by its name ("vram:dgpu", "gtt"); ENOENT for an unknown pool.</summary>
    public static KernelResult<PoolUsage> PoolUsage(this KernelState s, string pool)
    {
        for (var i = 0; i < Pools.Count(s.Topology); i++)
        {
            if (Pools.Name(s.Topology, i) != pool) continue;
            var (placement, device) = Pools.Describe(i);
            return new(s, Errno.None, new PoolUsage(pool, s.PoolUsed[i], s.Topology.Capacity(placement, Math.Max(device, 0))), [])
                { Changes = KernelChanges.None };
        }
        return KernelResult<PoolUsage>.Fail(s, Errno.ENOENT);
    }
}
