using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>The state of a handle's object where its pages are (placement, pins, attachments), with no side effect.</summary>
public sealed record QueryRequest(long RequestId, int File, int Handle) : IKernelRequest;

public sealed record QueryReply(long RequestId, Errno Errno, BoInfo Value, ImmutableArray<KernelEffect> Effects)
    : IKernelReply<BoInfo>;
