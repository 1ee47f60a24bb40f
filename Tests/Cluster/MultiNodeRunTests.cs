using System.Text.Json;
using Akka.Cluster;
using Emulation.Actors.Machines;
using Emulation.Actors.Scenarios;
using Emulation.Host.Reports;
using Emulation.Host.Runs;
using Emulation.Messages.Scenarios;

namespace Emulation.Tests.Cluster;

/// <summary>
/// A scenario spread over several in-process nodes gives exactly the single node's `results`, also when a link breaks
/// for a moment (nobody is downed) and when a worker is cut off for good (it is downed; its machines run again elsewhere).
/// </summary>
[Collection("cluster")]
public sealed class MultiNodeRunTests
{
    private static ScenarioSpec Scenario(int machines) =>
        ScenarioReader.Load("T01", Catalogue.Default) with { Machines = machines, Policies = ["legacy", "shadow-copy", "dynamic-no-pin"] };

    private static readonly RunOptions Options = RunOptions.Default with { Timeout = TimeSpan.FromMinutes(3) };

    private static string Results(ScenarioOutcome outcome, RunInfo run) => ReportResults.Of(outcome, run);

    private static async Task<string> SingleNode(ScenarioSpec scenario)
    {
        var (outcome, run) = await ScenarioRunner.RunAsync(scenario, Options with { Overlay = "akka.loglevel = ERROR" });
        return Results(outcome, run);
    }

    [Fact]
    public async Task Three_nodes_give_the_single_node_results_byte_for_byte()
    {
        var scenario = Scenario(4);
        var expected = await SingleNode(scenario);
        await using var cluster = await ClusterTestNodes.StartAsync(workers: 2, stableAfter: TimeSpan.FromSeconds(10));
        var (outcome, run) = await ScenarioRunner.RunOn(cluster.Nodes[0], scenario, Options);
        Assert.Equal(expected, Results(outcome, run));
        // The coordinator runs no machine when workers exist; both workers ran some.
        Assert.DoesNotContain(run.Nodes, n => n.StartsWith(cluster.Nodes[0].Address, StringComparison.Ordinal));
        Assert.Equal(2, run.Nodes.Count);
        // (Machines may have been sent again while sharding settled: no result for 10 s; the results are what count.)
    }

    [Fact]
    public async Task A_short_blackhole_healed_before_anyone_is_downed_changes_nothing()
    {
        var scenario = Scenario(12);
        var expected = await SingleNode(scenario);
        await using var cluster = await ClusterTestNodes.StartAsync(workers: 2, stableAfter: TimeSpan.FromSeconds(10));
        var progress = new TaskCompletionSource();
        var run = ScenarioRunner.RunOn(cluster.Nodes[0], scenario, Options, (done, _) => { if (done >= 3) progress.TrySetResult(); });
        await progress.Task.WaitAsync(ClusterTestNodes.Bound);
        var coordinator = Akka.Cluster.Cluster.Get(cluster.Nodes[0].System);
        await ClusterTestNodes.Blackhole(cluster.Nodes[0], cluster.Nodes[2], cut: true);
        // Heal as soon as the peer is seen unreachable (conventions: cluster and chaos), well before stable-after.
        using (var seen = new CancellationTokenSource(ClusterTestNodes.Bound))
            while (coordinator.State.Unreachable.Count == 0) await Task.Delay(50, seen.Token);
        await ClusterTestNodes.Blackhole(cluster.Nodes[0], cluster.Nodes[2], cut: false);
        var (outcome, info) = await run;
        Assert.True(expected == Results(outcome, info), string.Join("\n", info.Faults));
        Assert.Contains(info.Faults, f => f.Contains("unreachable", StringComparison.Ordinal));
        Assert.DoesNotContain(info.Faults, f => f.Contains("removed", StringComparison.Ordinal));
        Assert.Equal(3, coordinator.State.Members.Count(m => m.Status == MemberStatus.Up));
    }

    [Fact]
    public async Task A_long_blackhole_downs_the_minority_and_its_machines_run_again_elsewhere()
    {
        var scenario = Scenario(12);
        var expected = await SingleNode(scenario);
        await using var cluster = await ClusterTestNodes.StartAsync(workers: 2, stableAfter: TimeSpan.FromSeconds(2));
        var progress = new TaskCompletionSource();
        var run = ScenarioRunner.RunOn(cluster.Nodes[0], scenario, Options, (done, _) => { if (done >= 3) progress.TrySetResult(); });
        await progress.Task.WaitAsync(ClusterTestNodes.Bound);
        var victim = cluster.Nodes[2];
        await ClusterTestNodes.Blackhole(cluster.Nodes[0], victim, cut: true);
        await ClusterTestNodes.Blackhole(cluster.Nodes[1], victim, cut: true);
        var (outcome, info) = await run;
        Assert.True(expected == Results(outcome, info), string.Join("\n", info.Faults));
        Assert.Contains(info.Faults, f => f.Contains($"seen {victim.Address} removed", StringComparison.Ordinal));
        Assert.NotEmpty(info.RerunMachines);
    }
}
