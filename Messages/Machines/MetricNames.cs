using Emulation.Actors.Uapi;
using Emulation.Messages.Scenarios;

namespace Emulation.Messages.Machines;

/// <summary>
/// The names <see cref="Metrics"/> gives a topology's figures, as `expect` predicates and the JSON report
/// use them: every metric by its name (a keyed one's bare name is its total), every key of a keyed metric
/// (`gpu-us.dgpu`, `imports.failed.EINVAL`, `copies.blit`), and every group (`imports`, the total of
/// `imports.clean`, `imports.migrated`, `imports.pinned`, `imports.failed`).
/// </summary>
public static class MetricNames
{
    /// <summary>The keys of a metric in a topology, in key order (none for an unkeyed metric).</summary>
    public static IReadOnlyList<string> KeysOf(Metric metric, Topology topology) => metric.Keys switch
    {
        MetricKeys.Device => [.. topology.Devices.Select(d => d.Id)],
        MetricKeys.Output => [.. topology.AllOutputs.Select(o => o.Name)],
        MetricKeys.Errno => Metrics.ErrnoKeys,
        MetricKeys.CopyRung => CopyRungs.Ids,
        MetricKeys.Pool => [.. Actors.Uapi.Pools.WithCapacity(topology).Select(i => Actors.Uapi.Pools.Name(topology, i))],
        _ => [],
    };

    /// <summary>The group a metric belongs to ("imports" for "imports.clean"), or null.</summary>
    public static string? GroupOf(Metric metric) =>
        metric.Name.IndexOf('.') is var dot and > 0 ? metric.Name[..dot] : null;

    /// <summary>Every valid name for a topology: groups, metrics and their keys, in report order.</summary>
    public static IReadOnlyList<string> All(Topology topology)
    {
        var names = new List<string>();
        foreach (var metric in Metrics.All)
        {
            if (GroupOf(metric) is { } group && !names.Contains(group)) names.Add(group);
            names.Add(metric.Name);
            names.AddRange(KeysOf(metric, topology).Select(k => $"{metric.Name}.{k}"));
        }
        return names;
    }

    /// <summary>The value a name stands for in a machine's (or a policy's) figures; null for an unknown name.</summary>
    public static long? Value(MachineMetrics figures, string name, Topology topology)
    {
        if (Metrics.Find(name) is { } metric) return metric.Reported(figures.Total(metric));
        var members = Metrics.All.Where(m => GroupOf(m) == name).ToList();
        if (members.Count > 0) return members.Sum(m => m.Reported(figures.Total(m)));
        var dot = name.LastIndexOf('.');
        if (dot <= 0 || Metrics.Find(name[..dot]) is not { Stored: true } keyed) return null;
        var key = IndexOf(KeysOf(keyed, topology), name[(dot + 1)..]);
        return key < 0 ? null : keyed.Reported(figures[keyed, key]);
    }

    private static int IndexOf(IReadOnlyList<string> keys, string key)
    {
        for (var i = 0; i < keys.Count; i++)
            if (keys[i] == key) return i;
        return -1;
    }
}
