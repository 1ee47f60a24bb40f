using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>ADDFB2 of a handle (R15: EINVAL for a foreign import on a device that cannot scan out GTT).</summary>
public sealed record AddFramebufferRequest(long RequestId, int File, int Handle) : IKernelRequest;

public sealed record AddFramebufferReply(long RequestId, Errno Errno, BoInfo Value, ImmutableArray<KernelEffect> Effects)
    : IKernelReply<BoInfo>;
