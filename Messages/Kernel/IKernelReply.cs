using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>
/// The answer to one <see cref="IKernelRequest"/>: its id, an errno (<see cref="Errno.None"/> on success;
/// on failure the kernel state is unchanged and <see cref="Effects"/> is empty), and the effects in the
/// order they happened.
/// </summary>
public interface IKernelReply : IEmulationMessage
{
    long RequestId { get; }

    Errno Errno { get; }

    ImmutableArray<KernelEffect> Effects { get; }
}

/// <summary>A reply that carries the operation's value (the default of <typeparamref name="T"/> on failure).</summary>
public interface IKernelReply<out T> : IKernelReply
{
    T Value { get; }
}
