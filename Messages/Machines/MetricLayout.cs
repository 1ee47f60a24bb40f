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
/// <see cref="MetricShape"/>: per owner (three for a metric split by owner, else one), per key (device, output,
/// pool, errno, rung; one for an unkeyed figure), one slot for a figure or <see cref="FrameTimeBuckets.SlotsPerKey"/>
/// for a distribution.
/// </summary>
public sealed class MetricLayout
{
    private static readonly Dictionary<MetricShape, MetricLayout> Cache = [];

    private readonly Dictionary<Metric, int> _offsets = [];

    private MetricLayout(MetricShape shape)
    {
        Shape = shape;
        var offset = 0;
        var maxSlots = new List<int>();
        foreach (var metric in Metrics.Stored)
        {
            _offsets[metric] = offset;
            var width = Width(metric);
            var owners = metric.ByOwner ? BufferOwners.Count : 1;
            for (var block = 0; block < owners * KeyCount(metric.Keys); block++)
            {
                if (metric.Form == MetricForm.Distribution) maxSlots.Add(offset + block * width + FrameTimeBuckets.MaxSlot);
                else if (metric.Sum == MetricSum.Max) maxSlots.Add(offset + block * width);
            }
            offset += owners * KeyCount(metric.Keys) * width;
        }
        Length = offset;
        MaxSlots = maxSlots;
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

    /// <summary>Slots per key of a metric: one for a figure, a distribution's buckets, sum and maximum.</summary>
    public static int Width(Metric metric) => metric.Form == MetricForm.Distribution ? FrameTimeBuckets.SlotsPerKey : 1;

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

    /// <summary>The first slot of a stored metric's key for an owner (0 for an unkeyed metric, the client for one not split).</summary>
    public int Slot(Metric metric, int key = 0, BufferOwner owner = BufferOwner.Client)
    {
        if (!_offsets.TryGetValue(metric, out var offset))
            throw new ArgumentException($"{metric.Name} is not stored per machine", nameof(metric));
        var keys = KeyCount(metric.Keys);
        if ((uint)key >= (uint)keys)
            throw new ArgumentOutOfRangeException(nameof(key), key, $"{metric.Name} has {keys} keys");
        if (owner != BufferOwner.Client && !metric.ByOwner)
            throw new ArgumentOutOfRangeException(nameof(owner), owner, $"{metric.Name} is not split by owner");
        return offset + ((int)owner * keys + key) * Width(metric);
    }
}
