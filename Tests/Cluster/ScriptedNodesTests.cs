using System.Text.Json;
using Emulation.Actors.Machines;
using Emulation.Actors.Scenarios;
using Emulation.Host.Reports;
using Emulation.Host.Runs;

namespace Emulation.Tests.Cluster;

/// <summary>
/// A scenario's `cluster` block scripts the run's worker processes: a node joins late, one leaves, one crashes, one
/// hosts no machine; the run plays the script and gives the single node's `results`.
/// </summary>
[Collection("cluster")]
public sealed class ScriptedNodesTests
{
    private const string Text = """
        scenario {
          id = S1
          topology = T01
          machines = 40
          frames = 240
          policies = [legacy, shadow-copy, dynamic-no-pin]
          clients = [ { name = game, kind = game, device = dgpu, output = hdmi } ]
          cluster {
            nodes = [
              { name = steady, roles = [worker] }
              { name = late, join = 0.15 }
              { name = quitter, leave = 0.3 }
              { name = victim, crash = 0.5 }
              { name = witness, roles = [] }
            ]
          }
        }
        """;

    private static string Results(ScenarioOutcome outcome, RunInfo run) => ReportResults.Of(outcome, run);

    [Fact]
    public async Task Nodes_that_join_leave_and_crash_as_scripted_leave_the_results_unchanged()
    {
        var scenario = ScenarioReader.Parse(Text, "S1-scripted.hocon", Catalogue.Default);
        Assert.Equal(["steady", "late", "quitter", "victim", "witness"], scenario.Nodes.Select(n => n.Name));
        var (single, singleRun) = await ScenarioRunner.RunAsync(scenario with { Nodes = [] },
            RunOptions.Default with { Overlay = "akka.loglevel = ERROR" });

        var options = RunOptions.Default with
        {
            Overlay = "akka.cluster.split-brain-resolver.stable-after = 3s\nakka.loglevel = ERROR",
            Timeout = TimeSpan.FromMinutes(4),
        };
        var (outcome, run) = await ScenarioRunner.RunAsync(scenario, options);

        Assert.Equal(Results(single, singleRun), Results(outcome, run));
        Assert.Contains(run.Faults, f => f.Contains("join late, as scripted at 0.15", StringComparison.Ordinal));
        Assert.Contains(run.Faults, f => f.Contains("leave quitter (", StringComparison.Ordinal));
        Assert.Contains(run.Faults, f => f.Contains("crash victim (", StringComparison.Ordinal));
        Assert.True(run.Nodes.Count >= 3, string.Join("\n", run.Nodes));
    }
}
