using Akka.Actor;
using Emulation.Actors.Cluster;
using Emulation.Actors.Scenarios;
using Emulation.Messages.Machines;
using Emulation.Tests.Serialization;
using Emulation.Tests.Support;
using Xunit.Abstractions;

namespace Emulation.Tests.Cluster;

/// <summary>The coordinator sends every (policy, machine), a bounded number at a time, sums, and gives up when machines stop answering.</summary>
public sealed class ScenarioCoordinatorTests(ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(TestConfig.Actors, "coordinator", output)
{
    private static readonly Messages.Scenarios.ScenarioSpec Scenario =
        ScenarioReader.Load("T19", Catalogue.Default) with { Machines = 3, Policies = ["legacy", "shadow-copy"] };

    [Fact]
    public void Machines_go_out_a_bounded_number_at_a_time_and_policies_are_summed()
    {
        var region = CreateTestProbe();
        var coordinator = Sys.ActorOf(ScenarioCoordinator.Props(Scenario, region.Ref, parallelism: 2, invariantCheckEvery: 1));
        coordinator.Tell(new StartScenario(7));
        var sent = new List<RunMachine> { region.ExpectMsg<RunMachine>(), region.ExpectMsg<RunMachine>() };
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        while (sent.Count < 6)
        {
            var m = sent[^2];
            coordinator.Tell(new MachineDone(m.RequestId, m.RunId, m.Policy, m.Index, UserspaceSamples.Metrics, []), region.Ref);
            sent.Add(region.ExpectMsg<RunMachine>());
        }
        Assert.Equal(["legacy/0", "legacy/1", "legacy/2", "shadow-copy/0", "shadow-copy/1", "shadow-copy/2"],
            sent.Select(m => $"{m.Policy}/{m.Index}"));
        foreach (var m in sent.TakeLast(2))
            coordinator.Tell(new MachineDone(m.RequestId, m.RunId, m.Policy, m.Index, UserspaceSamples.Metrics, []), region.Ref);
        var done = ExpectMsg<ScenarioDone>();
        Assert.Equal(7, done.RequestId);
        Assert.Equal(["legacy", "shadow-copy"], done.Policies.Select(p => p.Policy));
        Assert.All(done.Policies, p => Assert.Equal(3 * UserspaceSamples.Metrics[Metrics.ImportsPinned], p.Totals[Metrics.ImportsPinned]));
    }

    [Fact]
    public void A_failed_machine_fails_the_run()
    {
        var region = CreateTestProbe();
        var coordinator = Sys.ActorOf(ScenarioCoordinator.Props(Scenario, region.Ref, parallelism: 4, invariantCheckEvery: 1));
        coordinator.Tell(new StartScenario(1));
        var m = region.ExpectMsg<RunMachine>();
        coordinator.Tell(new MachineFailed(m.RequestId, m.RunId, m.Policy, m.Index, "stalled"));
        Assert.Contains("stalled", ExpectMsg<ScenarioFailed>().Reason);
    }

    [Fact]
    public void A_run_whose_machines_stop_answering_gives_up_within_its_bound()
    {
        var region = CreateTestProbe();
        var coordinator = Sys.ActorOf(ScenarioCoordinator.Props(Scenario, region.Ref, parallelism: 4, invariantCheckEvery: 1,
            progressTimeout: TimeSpan.FromMilliseconds(500)));
        coordinator.Tell(new StartScenario(1));
        var failed = ExpectMsg<ScenarioFailed>(TimeSpan.FromSeconds(10));
        Assert.Contains("no machine finished", failed.Reason);
    }
}
