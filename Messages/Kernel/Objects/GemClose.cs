using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>GEM_CLOSE of a handle (EINVAL for a handle the file does not have).</summary>
public sealed record GemCloseRequest(long RequestId, int File, int Handle) : IKernelRequest;

/// <summary><see cref="Value"/> is the closed handle.</summary>
public sealed record GemCloseReply(long RequestId, Errno Errno, int Value, ImmutableArray<KernelEffect> Effects) : IKernelReply<int>;
