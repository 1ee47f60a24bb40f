using Akka.Actor;
using Emulation.Tests.Support;
using Xunit.Abstractions;

namespace Emulation.Tests.Devices;

/// <summary>akka.hocon bounds the user guardian: a failing top-level actor stops instead of restarting forever.</summary>
public sealed class GuardianStrategyTests(ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(TestConfig.Actors, "guardian", output)
{
    private sealed class Fragile : ReceiveActor
    {
        public Fragile() => Receive<string>(_ => throw new InvalidOperationException("boom"));
    }

    [Fact]
    public void A_failing_top_level_actor_is_stopped_not_restarted()
    {
        var fragile = Sys.ActorOf(Props.Create(() => new Fragile()), "fragile");
        Watch(fragile);
        fragile.Tell("fail");
        ExpectTerminated(fragile);
    }
}
