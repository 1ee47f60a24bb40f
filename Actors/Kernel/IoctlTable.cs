using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>
/// The kernel model's one dispatch table (as `drm_ioctls[]` is the kernel's): each operation of the
/// surface (<see cref="IIoctl"/>) to the pure function that implements it. Everything that runs an
/// operation comes through here: the machine-kernel actor, the direct runner, replay and the property
/// tests. Pure: a state and an operation in, a state and an outcome out; a failure returns the input
/// state unchanged.
/// </summary>
public static class IoctlTable
{
    /// <summary>Applies one operation; the outcome is the <see cref="IoctlOutcome{TResult}"/> of its result type.</summary>
    public static (KernelState State, IoctlOutcome Outcome) Apply(this KernelState s, IIoctl ioctl)
    {
        var (state, outcome, _) = s.ApplyTracked(ioctl);
        return (state, outcome);
    }

    /// <summary>
    /// Applies one operation and says what it wrote (<see cref="KernelChanges"/>: what the incremental invariant
    /// checker needs; null when the operation does not say).
    /// </summary>
    public static (KernelState State, IoctlOutcome Outcome, KernelChanges? Changes) ApplyTracked(this KernelState s, IIoctl ioctl) => ioctl switch
    {
        Open o => Done(s.Open(s.Topology.IndexOf(o.Device), o.RenderNode, o.Owner)),
        CloseFile o => Done(s.CloseFile(o.File)),
        CreateDumb o => Done(s.CreateDumb(o.File, o.Width, o.Height, o.Bpp)),
        Alloc o => Done(s.Alloc(o.File, o.Bytes, o.Placement, o.Flags)),
        GemClose o => Done(s.GemClose(o.File, o.Handle)),
        Export o => Done(s.Export(o.File, o.Handle, o.Flags)),
        Import o => Done(s.Import(o.File, o.Fd, o.Flags)),
        ImportBadFd o => Done(s.ImportBadFd(o.File, o.Kind)),
        CloseFd o => Done(s.CloseFd(o.Fd)),
        Dup o => Done(s.Dup(o.Fd)),
        SeekEnd o => Done(s.SeekEnd(o.Fd)),
        SeekBad o => Done(s.SeekBad(o.Fd)),
        Write o => Done(s.Write(o.Fd, o.Value)),
        Read o => Done(s.Read(o.Fd)),
        Map o => Done(s.Map(o.File, o.Handle)),
        Unmap o => Done(s.Unmap(o.File, o.Handle)),
        Render o => Done(s.Render(o.File, o.Handle)),
        Query o => Done(s.Query(o.File, o.Handle)),
        AddFramebuffer o => Done(s.AddFramebuffer(o.File, o.Handle)),
        Scanout o => Done(s.Scanout(o.File, o.Handle, o.Output)),
        Pressure o => Done(s.Pressure(s.Topology.IndexOf(o.Device), o.Bytes, o.Pinned)),
        PressureLeaving o => Done(s.PressureLeaving(s.Topology.IndexOf(o.Device), o.LeaveFree, o.Pinned)),
        UsePressure o => Done(s.UsePressure(o.Bo)),
        ReleasePressure o => Done(s.ReleasePressure(s.Topology.IndexOf(o.Device), o.Bo)),
        Unplug o => Done(s.Unplug(s.Topology.IndexOf(o.Device))),
        Replug o => Done(s.Replug(s.Topology.IndexOf(o.Device))),
        SetKnob o => Done(s.SetKnob(o.Name, o.Value)),
        SetKnobs o => Done(s.SetKnobs(o.Knobs)),
        GetPoolUsage o => Done(s.PoolUsage(o.Pool)),
        Tick o => Done(s.AdvanceClock(o.Micros)),
        _ => throw new ArgumentException($"no kernel operation for {ioctl.GetType().Name}", nameof(ioctl)),
    };

    /// <summary>Applies one operation with its result typed (the kernel's own tests and tools).</summary>
    public static KernelResult<TResult> Apply<TResult>(this KernelState s, IIoctl<TResult> ioctl)
    {
        var (state, outcome, changes) = s.ApplyTracked(ioctl);
        var typed = (IoctlOutcome<TResult>)outcome;
        return new KernelResult<TResult>(state, typed.Errno, typed.Value, typed.Effects) { Changes = changes };
    }

    private static (KernelState, IoctlOutcome, KernelChanges?) Done<TResult>(KernelResult<TResult> r) =>
        (r.State, new IoctlOutcome<TResult>(r.Errno, r.Value!, r.Effects), r.Changes);
}
