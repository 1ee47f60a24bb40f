using System.Collections.Immutable;

namespace Emulation.Messages.Machines;

/// <summary>
/// The figures of one machine under one policy (or their sum over machines): one value per slot of the
/// <see cref="MetricLayout"/> of its topology's device and output counts, each metric as <see cref="Metrics"/>
/// defines it. Times are nanoseconds here (the report prints microseconds).
/// </summary>
public sealed record MachineMetrics(MetricShape Shape, ImmutableArray<long> Values)
{
    public MetricLayout Layout => MetricLayout.Of(Shape);

    public static MachineMetrics Zero(MetricShape shape) => new(shape, [.. new long[MetricLayout.Of(shape).Length]]);

    /// <summary>One key's value of a stored metric.</summary>
    public long this[Metric metric, int key = 0] => Values[Layout.Slot(metric, key)];

    /// <summary>A metric's total: the sum over its keys, or over the metrics it is derived from.</summary>
    public long Total(Metric metric)
    {
        if (metric.Derived is { } parts) return parts.Sum(p => Total(Metrics.Find(p)!));
        var layout = Layout;
        var sum = 0L;
        for (var key = 0; key < layout.KeyCount(metric.Keys); key++) sum += Values[layout.Slot(metric, key)];
        return sum;
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

        public Builder Add(Metric metric, int key, long value)
        {
            var slot = _layout.Slot(metric, key);
            _values[slot] = metric.Sum == MetricSum.Max ? Math.Max(_values[slot], value) : _values[slot] + value;
            return this;
        }

        /// <summary>Adds one value per key, in key order.</summary>
        public Builder Add(Metric metric, IReadOnlyList<long> values)
        {
            for (var key = 0; key < values.Count; key++) Add(metric, key, values[key]);
            return this;
        }

        public MachineMetrics Build() => new(shape, [.. _values]);
    }
}
