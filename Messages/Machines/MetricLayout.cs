using Emulation.Messages.Scenarios;

namespace Emulation.Messages.Machines;

/// <summary>
/// Where each stored metric's values sit in a <see cref="MachineMetrics"/> vector, for a topology of so many
/// devices and outputs: one slot per key (device, output, errno, rung), one for an unkeyed figure.
/// </summary>
public sealed class MetricLayout
{
    private static readonly Dictionary<(int, int), MetricLayout> Cache = [];

    private readonly Dictionary<Metric, int> _offsets = [];

    private MetricLayout(int devices, int outputs)
    {
        Devices = devices;
        Outputs = outputs;
        var offset = 0;
        foreach (var metric in Metrics.Stored)
        {
            _offsets[metric] = offset;
            offset += KeyCount(metric.Keys);
        }
        Length = offset;
        MaxSlots = [.. Metrics.Stored.Where(m => m.Sum == MetricSum.Max).SelectMany(m => Enumerable.Range(_offsets[m], KeyCount(m.Keys)))];
    }

    public int Devices { get; }
    public int Outputs { get; }

    /// <summary>Slots in all.</summary>
    public int Length { get; }

    /// <summary>The slots that combine by maximum instead of sum.</summary>
    public IReadOnlyList<int> MaxSlots { get; }

    public static MetricLayout Of(int devices, int outputs)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue((devices, outputs), out var layout))
                Cache[(devices, outputs)] = layout = new MetricLayout(devices, outputs);
            return layout;
        }
    }

    /// <summary>How many keys a metric of this kind has here (1 for an unkeyed one).</summary>
    public int KeyCount(MetricKeys keys) => keys switch
    {
        MetricKeys.Device => Devices,
        MetricKeys.Output => Outputs,
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
