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
        console.Profile.Width = Math.Max(console.Profile.Width, 180);
        var s = outcome.Scenario;
        console.WriteLine($"{s.Id}: {s.Name} - {s.Machines} machines x {s.Frames} frames, seed {s.Seed}");
        console.WriteLine("kernel: " + string.Join(", ", s.Knobs.AsPairs().Select(p => $"{p.Key}={p.Value}")));

        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("policy").NoWrap());
        table.AddColumn(new TableColumn("imports c/m/p/f").RightAligned());
        foreach (var h in new[] { "import migr", "evict migr", "validate migr", "pinned-in-sys", "notifies", "ping-pong", "copies", "GB copied" })
            table.AddColumn(new TableColumn(h).RightAligned());
        var devices = s.Topology.Devices.Select(d => d.Id).ToList();
        table.AddColumn(new TableColumn($"GPU ms/frame ({string.Join("/", devices)})").RightAligned());
        table.AddColumn(new TableColumn("missed").RightAligned());
        table.AddColumn(new TableColumn("violations").RightAligned());

        foreach (var p in outcome.Policies)
        {
            var m = p.Totals;
            var perFrame = (double)s.Machines * s.Frames;
            table.AddRow(
                Markup.Escape(p.Policy),
                $"{m.ImportsClean}/{m.ImportsMigrated}/{m.ImportsPinned}/{m.ImportsFailedTotal}",
                N(m.ImportMigrations), N(m.EvictionMigrations), N(m.ValidateMigrations), N(m.PinnedInSystem),
                N(m.MoveNotifies), N(m.PingPongCycles), N(m.Copies.Sum()),
                (m.BytesCopied / 1e9).ToString("0.0", CultureInfo.InvariantCulture),
                string.Join(" / ", m.GpuNanos.Select(ns => (ns / 1e6 / perFrame).ToString("0.00", CultureInfo.InvariantCulture))),
                N(m.MissedFrames.Sum()),
                m.InvariantViolations == 0 ? "0" : $"[red]{m.InvariantViolations}[/]");
        }
        console.Write(table);

        foreach (var e in outcome.Expectations)
        {
            var verdict = e.Pass ? (color ? "[green]ok[/]  " : "ok  ") : (color ? "[red]FAIL[/]" : "FAIL");
            console.MarkupLine($"{verdict} {Markup.Escape(e.Policy)}: {Markup.Escape(e.Expectation.Text)} (actual {Actual(e.Actual)})");
        }
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Actual(double a) => a.ToString(a == Math.Floor(a) ? "0" : "0.###", CultureInfo.InvariantCulture);
}
