using Emulation.Actors.Uapi;
using Emulation.Messages.Scenarios;

namespace Emulation.Messages.Machines;

/// <summary>How many devices, outputs and memory pools a machine's figures are kept for.</summary>
public sealed record MetricShape(int Devices, int Outputs, int Pools)
{
    public static MetricShape Of(Topology topology) =>
        new(topology.Devices.Length, topology.AllOutputs.Count(), Actors.Uapi.Pools.WithCapacity(topology).Count);
}

/// <summary>
/// Where each stored metric's values sit in a <see cref="MachineMetrics"/> vector, for a machine of a
/// <see cref="MetricShape"/>: one slot per key (device, output, pool, errno, rung), one for an unkeyed figure.
/// </summary>
public sealed class MetricLayout
{
    private static readonly Dictionary<MetricShape, MetricLayout> Cache = [];

    private readonly Dictionary<Metric, int> _offsets = [];

    private MetricLayout(MetricShape shape)
    {
        Shape = shape;
        var offset = 0;
        foreach (var metric in Metrics.Stored)
        {
            _offsets[metric] = offset;
            offset += KeyCount(metric.Keys);
        }
        Length = offset;
        MaxSlots = [.. Metrics.Stored.Where(m => m.Sum == MetricSum.Max).SelectMany(m => Enumerable.Range(_offsets[m], KeyCount(m.Keys)))];
    }

    public MetricShape Shape { get; }

    /// <summary>Slots in all.</summary>
    public int Length { get; }

    /// <summary>The slots that combine by maximum instead of sum.</summary>
    public IReadOnlyList<int> MaxSlots { get; }

    public static MetricLayout Of(MetricShape shape)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(shape, out var layout))
                Cache[shape] = layout = new MetricLayout(shape);
            return layout;
        }
    }

    /// <summary>How many keys a metric of this kind has here (1 for an unkeyed one).</summary>
    public int KeyCount(MetricKeys keys) => keys switch
    {
        MetricKeys.Device => Shape.Devices,
        MetricKeys.Output => Shape.Outputs,
        MetricKeys.Pool => Shape.Pools,
        MetricKeys.Errno => Metrics.ErrnoKeys.Count,
        MetricKeys.CopyRung => CopyRungs.Ids.Count,
        _ => 1,
    };

    /// <summary>The slot of a stored metric's key (0 for an unkeyed metric).</summary>
    public int Slot(Metric metric, int key = 0)
    {
        if (!_offsets.TryGetValue(metric, out var offset))
            throw new ArgumentException($"{metric.Name} is not stored per machine", nameof(metric));
        if ((uint)key >= (uint)KeyCount(metric.Keys))
            throw new ArgumentOutOfRangeException(nameof(key), key, $"{metric.Name} has {KeyCount(metric.Keys)} keys");
        return offset + key;
    }
}
