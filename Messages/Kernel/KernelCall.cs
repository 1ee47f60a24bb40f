using Emulation.Actors.Uapi;

namespace Emulation.Messages.Kernel;

/// <summary>
/// One operation of the kernel surface, sent to a machine-kernel actor (directly, or through a device face
/// that forwards it), which applies it atomically and answers <see cref="KernelAnswer"/>.
/// </summary>
public sealed record KernelCall(long RequestId, IIoctl Ioctl) : IKernelRequest;

/// <summary>
/// The answer to a <see cref="KernelCall"/>: the <see cref="IoctlOutcome{TResult}"/> of the operation's result
/// type (errno, value, effects in order; a failure changed nothing and has no effects).
/// </summary>
public sealed record KernelAnswer(long RequestId, IoctlOutcome Outcome) : IKernelReply;
