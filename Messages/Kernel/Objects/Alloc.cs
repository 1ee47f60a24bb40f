using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>
/// A driver GEM_CREATE (`alloc`) with a preferred placement and its eviction chain, or
/// <paramref name="Only"/> that placement.
/// </summary>
public sealed record AllocRequest(long RequestId, int File, long Bytes, Placement Placement, bool Only = false, bool Contiguous = false)
    : IKernelRequest;

public sealed record AllocReply(long RequestId, Errno Errno, HandleResult Value, ImmutableArray<KernelEffect> Effects)
    : IKernelReply<HandleResult>;
