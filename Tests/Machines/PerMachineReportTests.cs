using System.Text.Json;

namespace Emulation.Tests.Machines;

/// <summary>
/// Per-machine results end to end, as a user runs them: the report's `per-machine` list (each machine's variation
/// draw and figures under every policy), `--machines-out FILE.jsonl` instead, `compare --by AXIS`, and the header
/// that says what decides the result (compositor choices, capability fallbacks).
/// </summary>
public sealed class PerMachineReportTests
{
    private static string TempFile(string extension) => Path.Combine(Path.GetTempPath(), $"emulation-{Guid.NewGuid():N}.{extension}");

    [Fact]
    public void The_report_lists_each_machines_draw_and_figures_and_they_add_up_to_the_totals()
    {
        var json = TempFile("json");
        try
        {
            var (code, _, stderr) = CatalogueRunTests.Cli("run", "T09", "--machines", "3", "--frames", "91", "--json", json);
            Assert.True(code == 0, stderr);
            using var report = JsonDocument.Parse(File.ReadAllText(json));
            var results = report.RootElement.GetProperty("results");
            var machines = results.GetProperty("per-machine").EnumerateArray().ToList();
            Assert.Equal([0, 1, 2], machines.Select(m => m.GetProperty("index").GetInt32()));
            Assert.All(machines, m => Assert.Equal(["egpu.vram", "terminal.start"],
                m.GetProperty("variation").EnumerateObject().Select(p => p.Name)));
            foreach (var policy in results.GetProperty("policies").EnumerateObject())
            {
                var sum = machines.Sum(m => m.GetProperty("policies").GetProperty(policy.Name).GetProperty("missed-frames").GetProperty("dp").GetInt64());
                Assert.Equal(policy.Value.GetProperty("missed-frames").GetProperty("dp").GetInt64(), sum);
            }
            Assert.Equal("per-output", results.GetProperty("compositor").GetProperty("render").GetString());
            Assert.Equal("igpu", results.GetProperty("compositor").GetProperty("primary-device").GetString());
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public void Machines_out_writes_a_line_per_machine_and_leaves_them_out_of_the_report()
    {
        var (json, lines) = (TempFile("json"), TempFile("jsonl"));
        try
        {
            var (code, _, stderr) = CatalogueRunTests.Cli("run", "T12", "--machines", "4", "--json", json, "--machines-out", lines);
            Assert.True(code == 0, stderr);
            var written = File.ReadAllLines(lines);
            Assert.Equal(4, written.Length);
            using var first = JsonDocument.Parse(written[0]);
            Assert.Equal(0, first.RootElement.GetProperty("index").GetInt32());
            Assert.True(first.RootElement.GetProperty("policies").TryGetProperty("legacy", out _));
            using var report = JsonDocument.Parse(File.ReadAllText(json));
            Assert.False(report.RootElement.GetProperty("results").TryGetProperty("per-machine", out _));
        }
        finally
        {
            File.Delete(json);
            File.Delete(lines);
        }
    }

    [Fact]
    public void Compare_by_an_axis_prints_a_table_per_value_over_the_machines_that_drew_it()
    {
        var (code, stdout, stderr) = CatalogueRunTests.Cli("compare", "T09", "--machines", "4", "--frames", "91", "--by", "egpu.vram");
        Assert.True(code == 0, stderr);
        var sections = stdout.Split('\n').Where(l => l.StartsWith("egpu.vram = ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(sections);
        Assert.Equal(4, sections.Sum(s => int.Parse(s.Split(": ")[1].Split(' ')[0])));
    }

    [Fact]
    public void Compare_by_an_axis_the_scenario_does_not_vary_is_bad_input_before_anything_runs()
    {
        var (code, stdout, stderr) = CatalogueRunTests.Cli("compare", "T09", "--by", "dgpu.vram");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("--by dgpu.vram: expected a variation axis of T09 (egpu.vram, terminal.start)", stderr);
    }

    [Fact]
    public void The_header_names_the_compositor_choices_and_each_capability_fallback()
    {
        var (code, stdout, stderr) = CatalogueRunTests.Cli("compare", "T12", "--machines", "1");
        Assert.True(code == 0, stderr);
        Assert.Contains("compositor: primary = built-in-panel (gpu), render = fixed-primary", stdout);
        Assert.Contains("fallback: no-move-probe/primary-first ran legacy for", stdout);
        Assert.Contains("(kernel: no-move = unsupported)", stdout);
        Assert.Contains("kernel: kernel=6.12,", stdout);
    }
}
