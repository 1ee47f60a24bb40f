using System.Text.RegularExpressions;
using Emulation.Host.Bench;

namespace Emulation.Tests.Machines;

/// <summary>`bench` measures and prints its figures against the targets (exit 0 whether or not they are met).</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public void Bench_prints_the_memory_of_an_emulated_laptop_against_its_budget()
    {
        var (code, stdout, stderr) = CatalogueRunTests.Cli("bench", "--machines", "10");
        Assert.True(code == 0, stderr);
        Assert.Contains("memory, kernel state per machine:", stdout);
        Assert.Contains("(target <= 40 KB:", stdout);
        Assert.Contains("machine-frames/s", stdout);
    }

    [Fact]
    public void Bench_refuses_bad_input()
    {
        Assert.Equal(2, CatalogueRunTests.Cli("bench", "--machines", "3").Code);
        Assert.Equal(2, CatalogueRunTests.Cli("bench", "--knob", "no-move=maybe").Code);
        Assert.Equal(2, CatalogueRunTests.Cli("bench", "--ops", "1000").Code);
        Assert.Equal(2, CatalogueRunTests.Cli("bench", "--scaling", "--clients", "0").Code);
    }

    [Fact]
    public void Bench_scaling_replays_both_trace_shapes_and_runs_a_machine_of_many_clients()
    {
        var (code, stdout, stderr) = CatalogueRunTests.Cli("bench", "--scaling", "--ops", "3000", "--clients", "30");
        Assert.True(code == 0, stderr);
        Assert.Contains("invariant checker after every operation", stdout);
        foreach (var shape in new[] { "grow", "steady" })
        {
            Assert.Matches($@"{shape}\s+2,00\d operations .* us per operation \(exit 0\)", stdout);
            Assert.Matches($@"{shape}\s+3,00\d operations .* us per operation \(exit 0\)", stdout);
        }
        Assert.Matches(@"30 clients x 7 policies .* us per client \([\d,]+ kernel operations, 0 invariant violations\)", stdout);
    }

    [Fact]
    public void The_benchmark_traces_are_what_the_committed_generator_writes()
    {
        // docs/perf/gen-traces.py writes the same lines, so `replay` of its files times what `bench --scaling` does.
        var script = File.ReadAllText(Path.Combine(Kernel.Support.RepositoryRoot.Find(), "docs", "perf", "gen-traces.py"));
        foreach (var shape in ScalingBench.Shapes)
            foreach (var line in ScalingBench.Trace(shape, 40).Skip(3).Take(7))
                Assert.Contains(Regex.Replace(line, @"(?<=[BDI])\d+", "{i}"), script);
        Assert.Contains(ScalingBench.ClientLine(0).Trim().Replace("c0", "c{i}").Split(',')[0], File.ReadAllText(
            Path.Combine(Kernel.Support.RepositoryRoot.Find(), "docs", "perf", "gen-clients.py")));
    }
}
