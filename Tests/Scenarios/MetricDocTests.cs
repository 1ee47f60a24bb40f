using System.Text.RegularExpressions;
using Emulation.Messages.Machines;

namespace Emulation.Tests.Scenarios;

/// <summary>docs/scenarios.md lists exactly the metrics the code defines (<see cref="Metrics"/>), in order, as the code describes them.</summary>
public sealed class MetricDocTests
{
    /// <summary>The docs' row of a metric: its names, unit, how it sums over machines, owner split, description.</summary>
    public static string RowOf(Metric m)
    {
        var names = (m.Form, m.Keys) switch
        {
            (MetricForm.Distribution, MetricKeys.None) => string.Join(", ", m.Statistics.Select(s => $"`{m.Name}.{s}`")),
            (MetricForm.Distribution, _) => string.Join(", ", m.Statistics.Select(s => $"`{m.Name}.{Placeholder(m.Keys)}.{s}`")),
            (MetricForm.Computed, _) => $"`{m.Name}.{Placeholder(m.Keys)}`",
            (_, MetricKeys.None) => $"`{m.Name}`",
            _ => $"`{m.Name}`, `{m.Name}.{Placeholder(m.Keys)}`",
        };
        var unit = m.Unit switch
        {
            MetricUnit.Bytes => "bytes",
            MetricUnit.Microseconds => "microseconds",
            MetricUnit.Milliseconds => "milliseconds",
            MetricUnit.PerSecond => "per second",
            _ => "count",
        };
        var sum = m.Derived is { } parts ? "sum of " + string.Join(", ", parts.Select(p => $"`{p}`"))
            : m.Form == MetricForm.Distribution ? "merged distribution"
            : m.Form == MetricForm.Computed ? "computed from the sums"
            : m.Sum == MetricSum.Max ? "maximum" : "sum";
        return $"| {names} | {unit} | {sum} | {(m.ByOwner ? "yes" : "no")} | {m.Description} |";
    }

    private static string Placeholder(MetricKeys keys) => keys switch
    {
        MetricKeys.Device => "DEVICE",
        MetricKeys.Output => "OUTPUT",
        MetricKeys.Errno => "ERRNO",
        MetricKeys.Pool => "POOL",
        _ => "RUNG",
    };

    [Fact]
    public void The_metric_table_of_the_scenario_docs_is_the_code_s_definition()
    {
        var doc = File.ReadAllText(Path.Combine(Kernel.Support.RepositoryRoot.Find(), "docs", "scenarios.md"));
        var section = Regex.Match(doc, @"<!-- metrics: generated from Messages/Machines/Metrics\.cs -->\n(.*?)\n<!-- end of metrics -->",
            RegexOptions.Singleline);
        Assert.True(section.Success, "docs/scenarios.md has no generated metric table");
        var rows = section.Groups[1].Value.Split('\n').Skip(2).ToList();
        var expected = Metrics.All.Select(RowOf).ToList();
        Assert.True(expected.SequenceEqual(rows), "docs/scenarios.md's metric table should read:\n" + string.Join("\n", expected));
    }
}
