using Emulation.Messages.Pools;

namespace Emulation.Actors.Devices;

/// <summary>
/// What a memory pool's face keeps, as a pure object the face actor wraps and the direct runner uses as it
/// is: the buffers that moved in and out (evictions among them), and the pool's usage as the kernel reports
/// it at the end of each frame, with its peak.
/// </summary>
public sealed class PoolLedger(string pool)
{
    private long _movesIn;
    private long _movesOut;
    private long _bytesIn;
    private long _bytesOut;
    private long _evictionsIn;
    private long _evictionsOut;
    private long _forwarded;
    private long _used;
    private long _capacity;
    private long _peakUsed;

    public string Pool { get; } = pool;

    public void Take(PlacementChanged m)
    {
        var eviction = m.Cause == PlacementCause.Eviction ? 1 : 0;
        if (m.Flow == PoolFlow.In)
        {
            _movesIn++;
            _bytesIn += m.Bytes;
            _evictionsIn += eviction;
        }
        else
        {
            _movesOut++;
            _bytesOut += m.Bytes;
            _evictionsOut += eviction;
        }
    }

    public void Take(PoolSample sample)
    {
        _used = sample.Used;
        _capacity = sample.Capacity;
        _peakUsed = Math.Max(_peakUsed, sample.Used);
    }

    /// <summary>An operation went to the kernel through this face.</summary>
    public void Forwarded() => _forwarded++;

    public PoolStats Stats(long requestId) => new(requestId, Pool, _movesIn, _movesOut, _bytesIn, _bytesOut, _evictionsIn, _evictionsOut,
        _forwarded, _used, _capacity, _peakUsed);
}
