using System.Diagnostics;
using System.Text.Json;
using Emulation.Actors.Machines;
using Emulation.Actors.Scenarios;
using Emulation.Host.Reports;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;

using Emulation.Tests.Support;

namespace Emulation.Tests.Machines;

/// <summary>
/// The same scenario and seed give a byte-identical `results` object: in two separate processes, and
/// between the actor path and a direct run of the same machines.
/// </summary>
public sealed class DeterminismTests
{
    private static readonly TimeSpan ProcessBound = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Results_are_byte_identical_in_two_separate_processes()
    {
        var first = RunProcess("run", "T01", "--machines", "3", "--frames", "70", "--seed", "11");
        var second = RunProcess("run", "T01", "--machines", "3", "--frames", "70", "--seed", "11");
        var (a, b) = (await first, await second);
        Assert.Equal(ResultsOf(a), ResultsOf(b));
        Assert.NotEqual(RunOf(a), RunOf(b));
    }

    [Fact]
    public void A_different_seed_changes_the_variation_draws()
    {
        var scenario = ScenarioReader.Load("T01", Catalogue.Default);
        var drawsA = Enumerable.Range(0, 8).Select(i => string.Join(";", MachineVariation.For(scenario, i).Drawn)).ToList();
        var drawsB = Enumerable.Range(0, 8).Select(i => string.Join(";", MachineVariation.For(scenario with { Seed = 8 }, i).Drawn)).ToList();
        Assert.Equal(drawsA, Enumerable.Range(0, 8).Select(i => string.Join(";", MachineVariation.For(scenario, i).Drawn)).ToList());
        Assert.NotEqual(drawsA, drawsB);
    }

    [Fact]
    public void The_actor_path_gives_the_figures_of_a_direct_run()
    {
        var scenario = ScenarioReader.Load("T09", Catalogue.Default) with { Machines = 2 };
        var (code, stdout, stderr) = CatalogueRunTests.Cli("run", "T09", "--machines", "2");
        Assert.True(code == 0, stderr);
        var policies = scenario.Policies.Select(id =>
        {
            ImportPolicies.TryParse(id, out var policy);
            var machines = Enumerable.Range(0, scenario.Machines).Select(i => DirectMachine.Run(scenario, policy, i).Result!).ToList();
            var sum = machines.Aggregate(MachineMetrics.Zero(MetricShape.Of(scenario.Topology)), (a, b) => a.Plus(b));
            return new PolicyResult(id, sum, [.. machines]);
        });
        var direct = ReportWriter.WriteResults(new ScenarioOutcome(scenario, [.. policies]));
        using var actors = JsonDocument.Parse(stdout);
        Assert.Equal(Normalize(direct), Normalize(actors.RootElement.GetProperty("results").GetRawText()));
    }

    private static string Normalize(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);

    private static string ResultsOf(string report) =>
        JsonDocument.Parse(report).RootElement.GetProperty("results").GetRawText();

    private static string RunOf(string report) =>
        JsonDocument.Parse(report).RootElement.GetProperty("run").GetRawText();

    /// <summary>Runs the `emulation` program (copied next to the tests) in a process of its own.</summary>
    private static async Task<string> RunProcess(params string[] args)
    {
        using var process = Process.Start(EmulationProcess.StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(ProcessBound);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"emulation {string.Join(' ', args)} did not finish within {ProcessBound}");
        }
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
