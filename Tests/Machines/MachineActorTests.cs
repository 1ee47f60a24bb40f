using Akka.Actor;
using Emulation.Actors.Machines;
using Emulation.Actors.Scenarios;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;
using Emulation.Tests.Support;
using Xunit.Abstractions;

namespace Emulation.Tests.Machines;

/// <summary>
/// A whole machine through its actors with every message serialized (serialize-messages on): the kernel
/// host, compositor and clients, driven by the machine actor, give the figures of a direct run.
/// </summary>
public sealed class MachineActorTests(ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(TestConfig.Actors, "machine-actor", output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("T01", "legacy")]
    [InlineData("T01", "no-move-probe/primary-first")]
    [InlineData("T09", "client-hint")]
    [InlineData("T10", "shadow-copy")]
    public void A_machine_through_its_actors_matches_a_direct_run(string id, string policyId)
    {
        var scenario = ScenarioReader.Load(id, Catalogue.Default) with { Frames = 92 };
        ImportPolicies.TryParse(policyId, out var policy);
        var machine = Sys.ActorOf(MachineActor.Props(sharded: false), "machine");
        Watch(machine);
        machine.Tell(new RunMachine(1, "run", scenario, policyId, 0, 1));
        var done = ExpectMsg<MachineDone>(Bound);
        ExpectTerminated(machine, Bound);
        var direct = DirectMachine.Run(scenario, policy, 0).Result!;
        StructuralAssert.Equal(direct, done.Metrics);
        Assert.Equal(0, done.Metrics[Metrics.InvariantViolations]);
        Assert.True(done.Metrics[Metrics.ImportsClean] + done.Metrics[Metrics.ImportsPinned] + done.Metrics[Metrics.ImportsMigrated] > 0);
    }

    [Fact]
    public void A_machine_with_an_unknown_policy_fails_and_says_why()
    {
        var scenario = ScenarioReader.Load("T19", Catalogue.Default);
        var machine = Sys.ActorOf(MachineActor.Props(sharded: false), "bad-machine");
        machine.Tell(new RunMachine(2, "run", scenario, "no-such-policy", 0, 1));
        var failed = ExpectMsg<MachineFailed>(Bound);
        Assert.Contains("unknown policy", failed.Reason);
    }
}
