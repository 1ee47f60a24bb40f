using System.Text.Json.Nodes;
using Emulation.Actors.Uapi;
using Emulation.Messages.Machines;

namespace Emulation.Host.Reports;

/// <summary>
/// A policy's (or a machine's) figures as the JSON report shows them, built from the metric definitions
/// (<see cref="Metrics"/>): each metric at the path its name spells (`imports.clean` is `clean` inside `imports`),
/// in definition order; a keyed figure as an object sorted by key (errno-keyed ones with their `total`); a
/// distribution as its statistics (per key); a computed figure per key; sums of times in whole microseconds,
/// per-frame and move times in milliseconds. Figures split by owner are the client's; the compositor's and
/// another process's follow in `compositor` and `other` objects.
/// </summary>
public static class MetricJson
{
    public static JsonObject Of(MachineMetrics figures, MetricContext context)
    {
        var root = new JsonObject();
        foreach (var metric in Metrics.All)
        {
            var path = metric.Name.Split('.');
            var parent = root;
            foreach (var step in path[..^1])
            {
                if (parent[step] is not JsonObject next) parent[step] = next = new JsonObject();
                parent = next;
            }
            parent[path[^1]] = ValueOf(metric, figures, context);
        }
        foreach (var owner in MetricNames.OtherOwners)
        {
            var split = new JsonObject();
            foreach (var metric in Metrics.ByOwner) split[metric.Name] = Scaled(metric, figures.Total(metric, owner));
            root[owner.Id()] = split;
        }
        return root;
    }

    private static JsonNode ValueOf(Metric metric, MachineMetrics figures, MetricContext context)
    {
        var keys = MetricNames.KeysOf(metric, context.Topology);
        switch (metric.Form)
        {
            case MetricForm.Distribution when keys.Count == 0:
                return Statistics(metric, figures, 0);
            case MetricForm.Distribution:
                return Sorted(keys.Select((key, i) => (key, (JsonNode)Statistics(metric, figures, i))));
            case MetricForm.Computed:
                return Sorted(keys.Select((key, i) => (key, (JsonNode)JsonValue.Create(metric.Compute!(figures, context, i)))));
        }
        if (metric.Keys == MetricKeys.None || !metric.Stored) return Scaled(metric, figures.Total(metric));
        var values = keys.Select((key, i) => (key, Scaled(metric, figures[metric, i]))).ToList();
        if (metric.Keys == MetricKeys.Errno) values.Add(("total", Scaled(metric, figures.Total(metric))));
        return Sorted(values);
    }

    private static JsonObject Statistics(Metric metric, MachineMetrics figures, int key)
    {
        var node = new JsonObject();
        foreach (var statistic in metric.Statistics)
            node[statistic] = JsonValue.Create(Math.Round(figures.Statistic(metric, key, statistic) / 1e6, 3));
        return node;
    }

    private static JsonObject Sorted(IEnumerable<(string Key, JsonNode Value)> values)
    {
        var node = new JsonObject();
        foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal)) node[key] = value;
        return node;
    }

    private static JsonNode Scaled(Metric metric, long value)
    {
        var reported = metric.Reported(value);
        return metric.Integral ? JsonValue.Create((long)reported) : JsonValue.Create(reported);
    }
}
