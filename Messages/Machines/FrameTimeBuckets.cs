namespace Emulation.Messages.Machines;

/// <summary>
/// The buckets of a per-frame time distribution (<see cref="MetricForm.Distribution"/>): 0.25 ms wide up to 25 ms
/// (a 60 Hz frame is 16.7 ms, a 144 Hz one 6.9 ms), 5 ms wide up to 100 ms, 50 ms wide up to 500 ms, 500 ms wide up to
/// 5 s, then one bucket for anything longer. Fixed edges make distributions of machines add up exactly, in any
/// order, on any node; a percentile is reported as its bucket's upper edge, capped at the exact maximum.
/// </summary>
public static class FrameTimeBuckets
{
    /// <summary>Upper edges in nanoseconds, ascending; a value v falls in the first bucket whose edge is >= v.</summary>
    public static readonly long[] Edges = BuildEdges();

    /// <summary>Buckets in all: one per edge and the last, unbounded one.</summary>
    public static int Count => Edges.Length + 1;

    /// <summary>Slots a distribution keeps per key: its buckets, the sum of its values and their maximum.</summary>
    public static int SlotsPerKey => Count + 2;

    public static int SumSlot => Count;

    public static int MaxSlot => Count + 1;

    private static long[] BuildEdges()
    {
        var edges = new List<long>();
        const long ms = 1_000_000;
        for (var e = ms / 4; e <= 25 * ms; e += ms / 4) edges.Add(e);
        for (var e = 30 * ms; e <= 100 * ms; e += 5 * ms) edges.Add(e);
        for (var e = 150 * ms; e <= 500 * ms; e += 50 * ms) edges.Add(e);
        for (var e = 1000 * ms; e <= 5000 * ms; e += 500 * ms) edges.Add(e);
        return [.. edges];
    }

    /// <summary>The bucket a value falls in.</summary>
    public static int Of(long nanos)
    {
        var i = Array.BinarySearch(Edges, nanos);
        return i >= 0 ? i : ~i;
    }

    /// <summary>
    /// The value at quantile <paramref name="q"/> (0 to 1) of a distribution's buckets (nearest rank): the upper edge
    /// of the bucket holding that rank, never above <paramref name="max"/>; 0 for an empty distribution.
    /// </summary>
    public static long Quantile(ReadOnlySpan<long> buckets, double q, long max)
    {
        var count = 0L;
        foreach (var b in buckets) count += b;
        if (count == 0) return 0;
        var rank = Math.Max(1, (long)Math.Ceiling(q * count));
        var seen = 0L;
        for (var i = 0; i < buckets.Length; i++)
        {
            seen += buckets[i];
            if (seen >= rank) return i < Edges.Length ? Math.Min(Edges[i], max) : max;
        }
        return max;
    }
}
