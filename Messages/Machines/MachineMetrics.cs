using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages.Machines;

/// <summary>
/// The figures of one machine under one policy (or their sum over machines): one value per slot of the
/// <see cref="MetricLayout"/> of its topology's device and output counts, each metric as <see cref="Metrics"/>
/// defines it. Times are nanoseconds here (the report prints microseconds or milliseconds).
/// </summary>
public sealed record MachineMetrics(MetricShape Shape, ImmutableArray<long> Values)
{
    public MetricLayout Layout => MetricLayout.Of(Shape);

    public static MachineMetrics Zero(MetricShape shape) => new(shape, [.. new long[MetricLayout.Of(shape).Length]]);

    /// <summary>One key's value of a stored figure (the client's, for a figure split by owner).</summary>
    public long this[Metric metric, int key = 0] => Values[Layout.Slot(metric, key)];

    /// <summary>One key's value of a stored figure for an owner.</summary>
    public long this[Metric metric, int key, BufferOwner owner] => Values[Layout.Slot(metric, key, owner)];

    /// <summary>
    /// A metric's total for an owner (the client by default): the sum over its keys, or over the metrics it is derived
    /// from; for a distribution, the sum of its values (its exact total time).
    /// </summary>
    public long Total(Metric metric, BufferOwner owner = BufferOwner.Client)
    {
        if (metric.Derived is { } parts) return parts.Sum(p => Total(Metrics.Find(p)!, owner));
        if (metric.Form == MetricForm.Computed) throw new ArgumentException($"{metric.Name} is computed, not kept", nameof(metric));
        var layout = Layout;
        var sum = 0L;
        for (var key = 0; key < layout.KeyCount(metric.Keys); key++)
        {
            var slot = layout.Slot(metric, key, owner);
            sum += metric.Form == MetricForm.Distribution ? Values[slot + FrameTimeBuckets.SumSlot] : Values[slot];
        }
        return sum;
    }

    /// <summary>One key's distribution: its buckets, and its exact sum and maximum.</summary>
    public (ReadOnlyMemory<long> Buckets, long Sum, long Max) Distribution(Metric metric, int key = 0)
    {
        if (metric.Form != MetricForm.Distribution) throw new ArgumentException($"{metric.Name} is no distribution", nameof(metric));
        var slot = Layout.Slot(metric, key);
        var values = Values.AsMemory();
        return (values.Slice(slot, FrameTimeBuckets.Count), Values[slot + FrameTimeBuckets.SumSlot], Values[slot + FrameTimeBuckets.MaxSlot]);
    }

    /// <summary>
    /// A statistic of one key's distribution, in nanoseconds: `mean` (exact), `max` (exact), or a percentile `pNN`
    /// (its bucket's upper edge, capped at the maximum). 0 for an empty distribution.
    /// </summary>
    public double Statistic(Metric metric, int key, string statistic)
    {
        var (buckets, sum, max) = Distribution(metric, key);
        var count = 0L;
        foreach (var b in buckets.Span) count += b;
        return statistic switch
        {
            "mean" => count == 0 ? 0 : (double)sum / count,
            "max" => max,
            ['p', .. var digits] when int.TryParse(digits, out var p) => FrameTimeBuckets.Quantile(buckets.Span, p / 100.0, max),
            _ => throw new ArgumentException($"no statistic '{statistic}'", nameof(statistic)),
        };
    }

    /// <summary>The figure-by-figure combination (sum, or maximum for peaks) with another machine's.</summary>
    public MachineMetrics Plus(MachineMetrics other)
    {
        if (other.Shape != Shape)
            throw new ArgumentException("figures of different topologies do not add up", nameof(other));
        var sum = new long[Values.Length];
        for (var i = 0; i < sum.Length; i++) sum[i] = Values[i] + other.Values[i];
        foreach (var i in Layout.MaxSlots) sum[i] = Math.Max(Values[i], other.Values[i]);
        return this with { Values = [.. sum] };
    }

    /// <summary>A machine's figures as it counts them.</summary>
    public sealed class Builder(MetricShape shape)
    {
        private readonly MetricLayout _layout = MetricLayout.Of(shape);
        private readonly long[] _values = new long[MetricLayout.Of(shape).Length];

        public Builder Add(Metric metric, long value) => Add(metric, 0, value);

        public Builder Add(Metric metric, int key, long value, BufferOwner owner = BufferOwner.Client)
        {
            if (metric.Form == MetricForm.Distribution)
                throw new ArgumentException($"{metric.Name} is a distribution: add samples", nameof(metric));
            var slot = _layout.Slot(metric, key, owner);
            _values[slot] = metric.Sum == MetricSum.Max ? Math.Max(_values[slot], value) : _values[slot] + value;
            return this;
        }

        /// <summary>Adds one value per key, in key order.</summary>
        public Builder AddPerKey(Metric metric, IReadOnlyList<long> values)
        {
            for (var key = 0; key < values.Count; key++) Add(metric, key, values[key]);
            return this;
        }

        /// <summary>Adds one value per owner (client, compositor, other) of an unkeyed figure split by owner.</summary>
        public Builder AddPerOwner(Metric metric, IReadOnlyList<long> values)
        {
            if (!metric.ByOwner || values.Count != BufferOwners.Count)
                throw new ArgumentException($"{metric.Name}: one value per owner expected", nameof(values));
            for (var owner = 0; owner < values.Count; owner++) Add(metric, 0, values[owner], (BufferOwner)owner);
            return this;
        }

        /// <summary>Adds one per-frame value (nanoseconds) to a key of a distribution.</summary>
        public Builder Sample(Metric metric, int key, long nanos)
        {
            if (metric.Form != MetricForm.Distribution)
                throw new ArgumentException($"{metric.Name} is no distribution", nameof(metric));
            var slot = _layout.Slot(metric, key);
            _values[slot + FrameTimeBuckets.Of(nanos)]++;
            _values[slot + FrameTimeBuckets.SumSlot] += nanos;
            _values[slot + FrameTimeBuckets.MaxSlot] = Math.Max(_values[slot + FrameTimeBuckets.MaxSlot], nanos);
            return this;
        }

        public MachineMetrics Build() => new(shape, [.. _values]);
    }
}
