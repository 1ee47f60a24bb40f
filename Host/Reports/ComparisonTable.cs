using System.Globalization;
using Emulation.Actors.Machines;
using Emulation.Messages.Machines;
using Spectre.Console;

namespace Emulation.Host.Reports;

/// <summary>
/// The console table of `compare`: one row per policy with the main figures (sums over machines; GPU
/// time as milliseconds per machine per frame, per device), then the expectations' verdicts.
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

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("policy").NoWrap());
        table.AddColumn(new TableColumn("imports c/m/p/f").RightAligned().NoWrap());
        foreach (var h in new[] { "import migr", "evict migr", "valid. migr", "pinned sys", "notifies", "ping-pong", "copies", "copied GB" })
            table.AddColumn(new TableColumn(h).RightAligned());
        foreach (var d in s.Topology.Devices)
            table.AddColumn(new TableColumn($"{Markup.Escape(d.Id)} ms").RightAligned());
        table.AddColumn(new TableColumn("CPU ms").RightAligned());
        table.AddColumn(new TableColumn("missed").RightAligned());
        table.AddColumn(new TableColumn("violations").RightAligned());

        var frames = (double)s.Machines * s.Frames;
        foreach (var p in outcome.Policies)
        {
            var m = p.Totals;
            var cells = new List<string>
            {
                Markup.Escape(p.Policy),
                $"{m.ImportsClean}/{m.ImportsMigrated}/{m.ImportsPinned}/{m.ImportsFailedTotal}",
                N(m.ImportMigrations), N(m.EvictionMigrations), N(m.ValidateMigrations), N(m.PinnedInSystem),
                N(m.MoveNotifies), N(m.PingPongCycles), N(m.Copies.Sum()),
                (m.BytesCopied / 1e9).ToString("0.0", CultureInfo.InvariantCulture),
            };
            cells.AddRange(m.GpuNanos.Select(ns => PerFrame(ns, frames)));
            cells.Add(PerFrame(m.CpuNanos, frames));
            cells.Add(N(m.MissedFrames.Sum()));
            cells.Add(m.InvariantViolations == 0 ? "0" : $"[red]{m.InvariantViolations}[/]");
            table.AddRow(cells.ToArray());
        }
        console.WriteLine("GPU and CPU time: milliseconds per machine per frame (R22); other figures: sums over machines.");
        console.Write(table);

        foreach (var e in outcome.Expectations)
        {
            var verdict = e.Pass ? (color ? "[green]ok[/]  " : "ok  ") : (color ? "[red]FAIL[/]" : "FAIL");
            console.MarkupLine($"{verdict} {Markup.Escape(e.Policy)}: {Markup.Escape(e.Expectation.Text)} (actual {Actual(e.Actual)})");
        }
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string PerFrame(long nanos, double frames) =>
        (nanos / 1e6 / frames).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Actual(double a) => a.ToString(a == Math.Floor(a) ? "0" : "0.###", CultureInfo.InvariantCulture);
}
