using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>dup() of a dma-buf fd: a new fd of the same dma-buf, CLOEXEC clear.</summary>
public sealed record DupRequest(long RequestId, int Fd) : IKernelRequest;

public sealed record DupReply(long RequestId, Errno Errno, FdResult Value, ImmutableArray<KernelEffect> Effects)
    : IKernelReply<FdResult>;
