namespace Emulation.Messages.Pools;

/// <summary>Asks a pool face what it has seen; answered by the face itself with <see cref="PoolStats"/>.</summary>
public sealed record GetPoolStats(long RequestId) : IEmulationMessage;

/// <summary>
/// What a pool face keeps (its ledger): the placement changes it received (evictions are counted in the
/// moves too), the operations it forwarded, and the pool's usage as the kernel last reported it, with its peak.
/// </summary>
public sealed record PoolStats(
    long RequestId,
    string Pool,
    long MovesIn,
    long MovesOut,
    long BytesIn,
    long BytesOut,
    long EvictionsIn,
    long EvictionsOut,
    long Forwarded,
    long Used,
    long Capacity,
    long PeakUsed) : IEmulationMessage;

/// <summary>The kernel tells a pool face its usage at the end of a machine's frame.</summary>
public sealed record PoolSample(long RequestId, string Pool, long Used, long Capacity) : IEmulationMessage;
