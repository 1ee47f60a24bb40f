namespace Emulation.Messages.Pools;

/// <summary>Asks a pool face what it has seen; answered by the face itself with <see cref="PoolStats"/>.</summary>
public sealed record GetPoolStats(long RequestId) : IEmulationMessage;

/// <summary>The placement changes a pool face received since it started (evictions are counted in the moves too).</summary>
public sealed record PoolStats(
    long RequestId,
    string Pool,
    long MovesIn,
    long MovesOut,
    long BytesIn,
    long BytesOut,
    long EvictionsIn,
    long EvictionsOut,
    long Forwarded) : IEmulationMessage;
