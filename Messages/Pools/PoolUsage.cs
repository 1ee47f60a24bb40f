using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>Bytes resident in one pool and its capacity, as the kernel accounts them.</summary>
public sealed record PoolUsage(string Pool, long Used, long Capacity);

/// <summary>Asks the kernel for one pool's usage (ENOENT for an unknown pool). A pool face forwards it.</summary>
public sealed record PoolUsageRequest(long RequestId, string Pool) : IPoolRequest;

/// <summary><see cref="Value"/> has zero usage and capacity on failure.</summary>
public sealed record PoolUsageReply(long RequestId, Errno Errno, PoolUsage Value, ImmutableArray<KernelEffect> Effects)
    : IKernelReply<PoolUsage>;
