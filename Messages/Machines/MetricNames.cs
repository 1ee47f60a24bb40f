using Emulation.Actors.Uapi;
using Emulation.Messages.Scenarios;

namespace Emulation.Messages.Machines;

/// <summary>
/// The names <see cref="Metrics"/> gives a topology's figures, as `expect` predicates and the JSON report
/// use them: every figure by its name (a keyed one's bare name is its total), every key of a keyed figure
/// (`gpu-us.dgpu`, `imports.failed.EINVAL`, `copies.blit`), every group (`imports`, the total of
/// `imports.clean`, `imports.migrated`, `imports.pinned`, `imports.failed`), a figure split by owner for the
/// compositor and others (`compositor.eviction-migrations`, `other.evictions`), each statistic of a distribution
/// (`frame-ms.hdmi.p99`, `cpu-ms.mean`) and each key of a computed figure (`fps.hdmi`).
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

    /// <summary>The owners other than the client, whose figures have names of their own (`compositor.NAME`, `other.NAME`).</summary>
    public static readonly IReadOnlyList<BufferOwner> OtherOwners = [BufferOwner.Compositor, BufferOwner.Other];

    /// <summary>Every valid name for a topology: groups, metrics and their keys, in report order, then the other owners' figures.</summary>
    public static IReadOnlyList<string> All(Topology topology)
    {
        var names = new List<string>();
        foreach (var metric in Metrics.All)
        {
            if (GroupOf(metric) is { } group && !names.Contains(group)) names.Add(group);
            var keys = KeysOf(metric, topology);
            switch (metric.Form)
            {
                case MetricForm.Distribution when keys.Count == 0:
                    names.AddRange(metric.Statistics.Select(s => $"{metric.Name}.{s}"));
                    break;
                case MetricForm.Distribution:
                    names.AddRange(keys.SelectMany(k => metric.Statistics.Select(s => $"{metric.Name}.{k}.{s}")));
                    break;
                case MetricForm.Computed:
                    names.AddRange(keys.Select(k => $"{metric.Name}.{k}"));
                    break;
                default:
                    names.Add(metric.Name);
                    names.AddRange(keys.Select(k => $"{metric.Name}.{k}"));
                    break;
            }
        }
        foreach (var owner in OtherOwners)
            names.AddRange(Metrics.ByOwner.Select(m => $"{owner.Id()}.{m.Name}"));
        return names;
    }

    /// <summary>The value a name stands for in a machine's (or a policy's) figures, as reported; null for an unknown name.</summary>
    public static double? Value(MachineMetrics figures, string name, MetricContext context)
    {
        foreach (var owner in OtherOwners)
            if (name.StartsWith(owner.Id() + ".", StringComparison.Ordinal))
                return Metrics.Find(name[(owner.Id().Length + 1)..]) is { ByOwner: true } split
                    ? split.Reported(figures.Total(split, owner))
                    : null;
        if (Metrics.Find(name) is { } metric)
            return metric.Form == MetricForm.Figure ? metric.Reported(figures.Total(metric)) : null;
        var members = Metrics.All.Where(m => GroupOf(m) == name).ToList();
        if (members.Count > 0) return members.Sum(m => m.Reported(figures.Total(m)));
        var parts = name.Split('.');
        for (var cut = parts.Length - 1; cut >= 1; cut--)
        {
            if (Metrics.Find(string.Join('.', parts[..cut])) is not { } keyed || keyed.Derived is not null) continue;
            return ValueOf(figures, keyed, parts[cut..], context);
        }
        return null;
    }

    /// <summary>
    /// Whether a name's value is a sum over machines (its `mean(...)` divides by the machines); false for a distribution's
    /// statistic and a computed figure, which are per machine already.
    /// </summary>
    public static bool IsSum(string name)
    {
        foreach (var metric in Metrics.All.Where(m => m.Form != MetricForm.Figure))
            if (name == metric.Name || name.StartsWith(metric.Name + ".", StringComparison.Ordinal)) return false;
        return true;
    }

    /// <summary>A key (and a statistic, for a distribution) of a metric: `dgpu`, `hdmi.p99`, `mean`.</summary>
    private static double? ValueOf(MachineMetrics figures, Metric metric, string[] rest, MetricContext context)
    {
        var keys = KeysOf(metric, context.Topology);
        if (metric.Form == MetricForm.Distribution)
        {
            var (key, statistic) = keys.Count == 0 ? (0, rest[0]) : (IndexOf(keys, rest[0]), rest.Length == 2 ? rest[1] : "");
            if (key < 0 || rest.Length != (keys.Count == 0 ? 1 : 2) || !metric.Statistics.Contains(statistic)) return null;
            return Math.Round(figures.Statistic(metric, key, statistic) / 1e6, 3);
        }
        if (rest.Length != 1) return null;
        var index = IndexOf(keys, rest[0]);
        if (index < 0) return null;
        return metric.Form == MetricForm.Computed ? metric.Compute!(figures, context, index) : metric.Reported(figures[metric, index]);
    }

    private static int IndexOf(IReadOnlyList<string> keys, string key)
    {
        for (var i = 0; i < keys.Count; i++)
            if (keys[i] == key) return i;
        return -1;
    }
}
