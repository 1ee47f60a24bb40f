using System.Text.Json.Nodes;
using Emulation.Actors.Uapi;
using Emulation.Messages.Machines;

namespace Emulation.Host.Reports;

/// <summary>
/// A policy's figures as the JSON report shows them, built from the metric definitions (<see cref="Metrics"/>):
/// each metric at the path its name spells (`imports.clean` is `clean` inside `imports`), in definition
/// order; a keyed metric as an object sorted by key (errno-keyed ones with their `total`); times in
/// microseconds.
/// </summary>
public static class MetricJson
{
    public static JsonObject Of(MachineMetrics figures, Topology topology)
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
            parent[path[^1]] = ValueOf(metric, figures, topology);
        }
        return root;
    }

    private static JsonNode ValueOf(Metric metric, MachineMetrics figures, Topology topology)
    {
        if (metric.Keys == MetricKeys.None || !metric.Stored) return Scaled(metric, figures.Total(metric));
        var keys = MetricNames.KeysOf(metric, topology);
        var values = keys.Select((key, i) => (Key: key, Value: figures[metric, i])).ToList();
        if (metric.Keys == MetricKeys.Errno) values.Add(("total", figures.Total(metric)));
        var node = new JsonObject();
        foreach (var (key, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
            node[key] = Scaled(metric, value);
        return node;
    }

    private static JsonNode Scaled(Metric metric, long value) => JsonValue.Create(metric.Reported(value));
}
