using System.Globalization;
using Emulation.Actors.Machines;
using Emulation.Actors.Uapi;
using Emulation.Actors.Userspace;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;
using Spectre.Console;

namespace Emulation.Host.Reports;

/// <summary>
/// The console table of `compare`: a header with what decides the result (the kernel preset and every knob, the
/// compositor's primary GPU and render-device choice, the policies that fell back to legacy and why), then one
/// row per policy and one column per metric that names a column (<see cref="Metric.Column"/>; metrics sharing a
/// header share a column, joined by '/'): counts as sums over machines, bytes in GB, times in milliseconds per
/// machine per frame, distributions by their 99th percentile, per device or output where they are keyed; then
/// the expectations' verdicts. With `--by AXIS`, one more table per value of a variation axis, over the machines
/// that drew it.
/// </summary>
public static class ComparisonTable
{
    public static void Write(ScenarioOutcome outcome, TextWriter writer, bool color, string? by = null)
    {
        // Rendered wide enough never to wrap a cell (a topology with many devices and outputs has many columns),
        // then written without the padding Spectre adds to the console's width.
        var buffer = new StringWriter();
        Render(outcome, buffer, color, by);
        foreach (var line in buffer.ToString().Split('\n'))
            if (line.TrimEnd() is var trimmed && (trimmed.Length > 0 || line.Length == 0)) writer.WriteLine(trimmed);
    }

    private static void Render(ScenarioOutcome outcome, TextWriter writer, bool color, string? by)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 2000;
        var s = outcome.Scenario;
        console.WriteLine($"{s.Id}: {s.Name} - {s.Machines} machines x {s.Frames} frames, seed {s.Seed}");
        console.WriteLine("kernel: " + string.Join(", ", s.Knobs.AsPairs().Select(p => $"{p.Key}={p.Value}")));
        console.WriteLine("compositor: " + Compositor(s));
        foreach (var line in Fallbacks(outcome)) console.WriteLine(line);
        console.WriteLine("Times: milliseconds per machine per frame (R22; p99 of frames for distributions); other figures: sums over machines.");
        console.Write(Table(s, outcome.Policies.Select(p => (p.Policy, p.Totals)), (long)s.Machines * s.Frames));

        if (by is not null) WriteBy(console, outcome, by);

        foreach (var e in outcome.Expectations)
        {
            var verdict = e.Pass ? (color ? "[green]ok[/]  " : "ok  ") : (color ? "[red]FAIL[/]" : "FAIL");
            console.MarkupLine($"{verdict} {Markup.Escape(e.Policy)}: {Markup.Escape(e.Expectation.Text)} (actual {Actual(e.Actual)})");
        }
    }

    /// <summary>The axes `--by` accepts for a scenario: its variation keys (`dgpu.vram`, `game.start`).</summary>
    public static IReadOnlyList<string> Axes(ScenarioSpec scenario) => [.. scenario.Variation.Select(a => a.Key)];

    private static void WriteBy(IAnsiConsole console, ScenarioOutcome outcome, string axis)
    {
        var s = outcome.Scenario;
        var groups = Enumerable.Range(0, s.Machines)
            .GroupBy(i => MachineVariation.For(s, i).Drawn.Select(d => d.Split('=', 2)).First(d => d[0] == axis)[1])
            .OrderBy(g => g.Min());
        foreach (var group in groups)
        {
            var machines = group.ToList();
            console.WriteLine();
            console.WriteLine($"{axis} = {group.Key}: {machines.Count} machine{(machines.Count == 1 ? "" : "s")} ({string.Join(", ", machines)})");
            var rows = outcome.Policies.Select(p => (p.Policy,
                machines.Select(i => p.Machines[i]).Aggregate(MachineMetrics.Zero(p.Totals.Shape), (a, b) => a.Plus(b))));
            console.Write(Table(s, rows, (long)machines.Count * s.Frames));
        }
    }

    private static Table Table(ScenarioSpec s, IEnumerable<(string Policy, MachineMetrics Figures)> rows, long machineFrames)
    {
        var context = new MetricContext(s.Topology, machineFrames);
        var columns = Columns(s.Topology);
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("policy").NoWrap());
        foreach (var c in columns) table.AddColumn(new TableColumn(Markup.Escape(c.Header)).RightAligned().NoWrap());
        foreach (var (policy, figures) in rows)
            table.AddRow([Markup.Escape(policy), .. columns.Select(c => c.Cell(figures, context))]);
        return table;
    }

    /// <summary>The compositor's choices: its primary preset and the device that picks at boot, and where it renders.</summary>
    private static string Compositor(ScenarioSpec s)
    {
        var present = new HashSet<int>(Enumerable.Range(0, s.Topology.Devices.Length).Where(d => s.Topology.Devices[d].InitiallyPresent));
        var primary = PrimarySelection.Choose(s.Topology, present, s.Compositor.Primary) is { } d ? s.Topology.Devices[d].Id : "none";
        var ladder = s.Compositor.ForcedRung is { } rung ? $"forced {rung.Id()}" : s.Compositor.StickyFallback ? "sticky" : "retried";
        return $"primary = {CompositorSpec.PrimaryIds[(int)s.Compositor.Primary]} ({primary}), " +
               $"render = {CompositorSpec.RenderIds[(int)s.Compositor.Render]}, copy ladder {ladder}";
    }

    /// <summary>One line per policy whose imports fell back to legacy for a missing capability, saying which.</summary>
    private static IEnumerable<string> Fallbacks(ScenarioOutcome outcome)
    {
        foreach (var p in outcome.Policies)
        {
            var fallbacks = p.Totals.Total(Metrics.ProbesFallbacks);
            if (fallbacks == 0 || !ImportPolicies.TryParse(p.Policy, out var policy)) continue;
            var why = CompositorProgram.MissingCapability(policy, outcome.Scenario.Knobs) ?? "a capability a timeline knob change took away";
            yield return $"fallback: {p.Policy} ran legacy for {fallbacks} imports (kernel: {why})";
        }
    }

    /// <summary>A column: its header and how a policy's figures fill its cell.</summary>
    private sealed record Column(string Header, Func<MachineMetrics, MetricContext, string> Cell);

    /// <summary>The table's columns, from the metrics that name one, in definition order.</summary>
    private static List<Column> Columns(Topology topology)
    {
        var columns = new List<Column>();
        foreach (var group in Metrics.All.Where(m => m.Column is not null).GroupBy(m => m.Column!))
        {
            var metrics = group.ToList();
            if (metrics is [{ Keys: MetricKeys.Device or MetricKeys.Output } keyed])
            {
                var keys = MetricNames.KeysOf(keyed, topology);
                columns.AddRange(keys.Select((key, i) => new Column($"{key} {group.Key}", (m, c) => Keyed(keyed, m, c, i))));
                continue;
            }
            columns.Add(new Column(group.Key, (m, c) => string.Join("/", metrics.Select(x => Whole(x, m, c)))));
        }
        return columns;
    }

    /// <summary>One key of a per-device or per-output metric: a device's mean and p99 frame time, an output's p99 or fps.</summary>
    private static string Keyed(Metric metric, MachineMetrics m, MetricContext c, int key) => metric.Form switch
    {
        MetricForm.Distribution => string.Join("/", metric.Statistics.Where(st => st is "mean" or "p99")
            .Select(st => Ms(m.Statistic(metric, key, st)))),
        MetricForm.Computed => metric.Compute!(m, c, key).ToString("0.0", CultureInfo.InvariantCulture),
        _ => Format(metric, m[metric, key], c),
    };

    private static string Whole(Metric metric, MachineMetrics m, MetricContext c) => metric.Form switch
    {
        MetricForm.Distribution => Ms(m.Statistic(metric, 0, "mean")),
        _ => Format(metric, m.Total(metric), c),
    };

    private static string Ms(double nanos) => (nanos / 1e6).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Format(Metric metric, long value, MetricContext c) => metric.Unit switch
    {
        MetricUnit.Bytes => (value / 1e9).ToString("0.0", CultureInfo.InvariantCulture),
        MetricUnit.Microseconds or MetricUnit.Milliseconds =>
            (value / 1e6 / Math.Max(1, c.MachineFrames)).ToString("0.00", CultureInfo.InvariantCulture),
        _ when metric == Metrics.InvariantViolations && value != 0 => $"[red]{value}[/]",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    private static string Actual(double a) => a.ToString(a == Math.Floor(a) ? "0" : "0.###", CultureInfo.InvariantCulture);
}
