using System.Globalization;
using Emulation.Actors.Machines;
using Emulation.Messages.Machines;
using Spectre.Console;

namespace Emulation.Host.Reports;

/// <summary>
/// The console table of `compare`: one row per policy, one column per metric that names a column
/// (<see cref="Metric.Column"/>; metrics sharing a header share a column, joined by '/'); counts as sums over
/// machines, bytes in GB, times in milliseconds per machine per frame (per device for GPU time); then the
/// expectations' verdicts.
/// </summary>
public static class ComparisonTable
{
    public static void Write(ScenarioOutcome outcome, TextWriter writer, bool color)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Math.Max(console.Profile.Width, 200);
        var s = outcome.Scenario;
        console.WriteLine($"{s.Id}: {s.Name} - {s.Machines} machines x {s.Frames} frames, seed {s.Seed}");
        console.WriteLine("kernel: " + string.Join(", ", s.Knobs.AsPairs().Select(p => $"{p.Key}={p.Value}")));

        var columns = Columns(s.Topology);
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("policy").NoWrap());
        foreach (var c in columns) table.AddColumn(new TableColumn(Markup.Escape(c.Header)).RightAligned().NoWrap());

        var frames = (double)s.Machines * s.Frames;
        foreach (var p in outcome.Policies)
            table.AddRow([Markup.Escape(p.Policy), .. columns.Select(c => c.Cell(p.Totals, frames))]);
        console.WriteLine("GPU and CPU time: milliseconds per machine per frame (R22); other figures: sums over machines.");
        console.Write(table);

        foreach (var e in outcome.Expectations)
        {
            var verdict = e.Pass ? (color ? "[green]ok[/]  " : "ok  ") : (color ? "[red]FAIL[/]" : "FAIL");
            console.MarkupLine($"{verdict} {Markup.Escape(e.Policy)}: {Markup.Escape(e.Expectation.Text)} (actual {Actual(e.Actual)})");
        }
    }

    /// <summary>A column: its header and how a policy's figures fill its cell.</summary>
    private sealed record Column(string Header, Func<MachineMetrics, double, string> Cell);

    /// <summary>The table's columns, from the metrics that name one, in definition order.</summary>
    private static List<Column> Columns(Actors.Uapi.Topology topology)
    {
        var columns = new List<Column>();
        foreach (var group in Metrics.All.Where(m => m.Column is not null).GroupBy(m => m.Column!))
        {
            var metrics = group.ToList();
            if (metrics is [{ Keys: MetricKeys.Device } perDevice])
            {
                columns.AddRange(topology.Devices.Select((d, i) =>
                    new Column($"{d.Id} {group.Key}", (m, frames) => Format(perDevice, m[perDevice, i], frames))));
                continue;
            }
            columns.Add(new Column(group.Key, (m, frames) => string.Join("/", metrics.Select(x => Format(x, m.Total(x), frames)))));
        }
        return columns;
    }

    private static string Format(Metric metric, long value, double frames) => metric.Unit switch
    {
        MetricUnit.Bytes => (value / 1e9).ToString("0.0", CultureInfo.InvariantCulture),
        MetricUnit.Microseconds => (value / 1e6 / frames).ToString("0.00", CultureInfo.InvariantCulture),
        _ when metric == Metrics.InvariantViolations && value != 0 => $"[red]{value}[/]",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    private static string Actual(double a) => a.ToString(a == Math.Floor(a) ? "0" : "0.###", CultureInfo.InvariantCulture);
}
