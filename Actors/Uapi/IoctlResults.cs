using System.Collections.Immutable;

namespace Emulation.Actors.Uapi;

/// <summary>
/// What an operation answered: an errno (<see cref="Errno.None"/> on success) and the effects it had on
/// buffers, in the order they happened. A failed operation changed nothing: no effects.
/// </summary>
public abstract record IoctlOutcome(Errno Errno, ImmutableArray<KernelEffect> Effects)
{
    public bool Ok => Errno == Errno.None;
}

/// <summary>The outcome of an <see cref="IIoctl{TResult}"/>: with its value on success (the default on failure).</summary>
public sealed record IoctlOutcome<TResult>(Errno Errno, TResult Value, ImmutableArray<KernelEffect> Effects)
    : IoctlOutcome(Errno, Effects);

/// <summary>A handle an operation produced or used, and the object behind it.</summary>
/// <param name="IsNew">The handle was not live in the file before (import, create).</param>
public readonly record struct HandleResult(int Handle, int Bo, bool IsNew);

/// <summary>A new dma-buf fd from HANDLE_TO_FD or dup.</summary>
public readonly record struct FdResult(int Fd, int DmaBuf, int Handle);

/// <summary>What `query` reports of a handle: the state of the object where the pages are.</summary>
/// <param name="PagesBo">The object whose pages the handle uses (the exporter's for an import).</param>
/// <param name="PagesDevice">The device that owns those pages (R22 costs: who accesses what).</param>
/// <param name="Preferred">The pages' preferred placement (amdgpu's GEM_OP GET_GEM_CREATE_INFO reports it).</param>
public readonly record struct BoInfo(int Handle, int Bo, int PagesBo, int PagesDevice, Placement Placement, int PinCount, int Attachments, long Size,
    Placement Preferred = Placement.None);

/// <summary>No value (operations that only change state).</summary>
public readonly record struct Unit;

/// <summary>Bytes resident in one pool and its capacity, as the kernel accounts them.</summary>
public sealed record PoolUsage(string Pool, long Used, long Capacity);

/// <summary>The answer to a knob change: the knobs in force, and on failure what was expected (empty on success).</summary>
public sealed record KnobSetting(Knobs Knobs, string Problem);
