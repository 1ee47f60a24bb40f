using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>close() of a dma-buf fd; imported handles stay valid (R21).</summary>
public sealed record CloseFdRequest(long RequestId, int Fd) : IKernelRequest;

public sealed record CloseFdReply(long RequestId, Errno Errno, ImmutableArray<KernelEffect> Effects) : IKernelReply;
