using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>
/// The result of one operation: the new state, an errno (<see cref="Errno.None"/> on success), the
/// operation's value and its effects in order. A failure carries the input state unchanged and no effects.
/// </summary>
public readonly record struct KernelResult<T>(KernelState State, Errno Errno, T? Value, ImmutableArray<KernelEffect> Effects)
{
    public bool Ok => Errno == Errno.None;

    /// <summary>
    /// The keys the operation wrote (<see cref="KernelChanges"/>), for the incremental invariant checker; null when
    /// the result was made without saying (the checker then checks the whole state). A failure changed nothing.
    /// </summary>
    public KernelChanges? Changes { get; init; }

    public static KernelResult<T> Fail(KernelState unchanged, Errno errno) =>
        new(unchanged, errno, default, ImmutableArray<KernelEffect>.Empty) { Changes = KernelChanges.None };
}
