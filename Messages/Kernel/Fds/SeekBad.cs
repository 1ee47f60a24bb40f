using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>Any lseek other than to 0 or SEEK_END (always fails: EINVAL, or EBADF on a closed fd).</summary>
public sealed record SeekBadRequest(long RequestId, int Fd) : IKernelRequest;

public sealed record SeekBadReply(long RequestId, Errno Errno, ImmutableArray<KernelEffect> Effects) : IKernelReply;
