using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>FD_TO_HANDLE of something that is no dma-buf (always fails: EINVAL, or EBADF for a closed fd).</summary>
public sealed record ImportBadFdRequest(long RequestId, int File, BadFdKind Kind) : IKernelRequest;

public sealed record ImportBadFdReply(long RequestId, Errno Errno, ImmutableArray<KernelEffect> Effects) : IKernelReply;
