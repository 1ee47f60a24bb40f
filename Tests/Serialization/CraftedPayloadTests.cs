using System.Text;
using Akka.Actor;
using Akka.Event;
using Emulation.Host.Runs;
using Emulation.Messages.Machines;
using Emulation.Messages.Serialization;
using Xunit.Abstractions;

namespace Emulation.Tests.Serialization;

/// <summary>
/// Issue 10: a message of a type outside the allow-list that arrives over a real connection is refused
/// and logged, never deserialized. The receiver (the TestKit's system) runs our configuration. The sender
/// runs it too, except that its `hyperion` is <see cref="CraftingSerializer"/>: Akka's plain Hyperion under
/// the same identifier, which puts bytes naming <see cref="GadgetMessage"/> on the wire (a peer of another
/// build, or a hostile one).
/// </summary>
public sealed class CraftedPayloadTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private const string CraftingHyperion =
        """akka.actor.serializers.hyperion = "Emulation.Tests.Serialization.CraftingSerializer, Emulation.Tests" """;

    private readonly ActorSystem _sender;

    public CraftedPayloadTests(ITestOutputHelper output)
        : base(NodeConfig.Create(port: 0, hostname: "127.0.0.1"), NodeConfig.SystemName, output) =>
        _sender = ActorSystem.Create(NodeConfig.SystemName, NodeConfig.Create(port: 0, hostname: "127.0.0.1", extra: CraftingHyperion));

    [Fact]
    public async Task A_crafted_message_over_the_wire_is_refused_and_logged_and_never_deserialized()
    {
        var receiver = CreateTestProbe();
        var log = CreateTestProbe();
        Sys.EventStream.Subscribe(log.Ref, typeof(Warning));
        Sys.EventStream.Subscribe(log.Ref, typeof(Error));

        // The sender's bytes for the decoy name the gadget, under the identifier the receiver's Hyperion answers to.
        var decoy = new HarmlessDecoy(42);
        var senderSerializer = _sender.Serialization.FindSerializerFor(decoy);
        Assert.IsType<CraftingSerializer>(senderSerializer);
        var receiverSerializer = Sys.Serialization.FindSerializerForType(typeof(IEmulationMessage));
        Assert.IsType<EmulationHyperionSerializer>(receiverSerializer);
        Assert.Equal(receiverSerializer.Identifier, senderSerializer.Identifier);
        var crafted = senderSerializer.ToBinary(decoy);
        Assert.Contains(typeof(GadgetMessage).FullName!, Encoding.UTF8.GetString(crafted));
        Assert.DoesNotContain(nameof(HarmlessDecoy), Encoding.UTF8.GetString(crafted));

        // DotNetty TCP on 127.0.0.1, ports chosen by the OS. Both systems are cluster providers that never join:
        // remoting alone carries messages between them (the controls below prove it).
        var receiverAddress = ((ExtendedActorSystem)Sys).Provider.DefaultAddress;
        Assert.Equal(("akka.tcp", "127.0.0.1"), (receiverAddress.Protocol, receiverAddress.Host));
        Assert.NotEqual(receiverAddress, ((ExtendedActorSystem)_sender).Provider.DefaultAddress);
        var remote = await _sender.ActorSelection(receiver.Ref.Path.ToStringWithAddress(receiverAddress)).ResolveOne(Bound);
        Assert.Equal(receiverAddress, remote.Path.Address);

        remote.Tell(new ScenarioProgress(1, 0, 2));
        remote.Tell(decoy);
        remote.Tell(new ScenarioProgress(3, 2, 2));

        // The controls arrive in order, with nothing between them or after them: the association outlived the refusal.
        Assert.Equal(1, receiver.ExpectMsg<ScenarioProgress>(Bound).RequestId);
        Assert.Equal(3, receiver.ExpectMsg<ScenarioProgress>(Bound).RequestId);
        receiver.ExpectNoMsg(TimeSpan.FromMilliseconds(500));

        // The receiver logged the refusal, naming the type and the filter's verdict.
        var refusal = log.FishForMessage<LogEvent>(e => e.Message?.ToString()?.Contains(typeof(GadgetMessage).FullName!) == true, Bound);
        Output.WriteLine($"{refusal.LogLevel()} from {refusal.LogSource}: {refusal.Message}");
        Assert.True(refusal.LogLevel() >= LogLevel.WarningLevel, $"logged at {refusal.LogLevel()}");
        Assert.Contains("Unsafe Type Deserialization Detected", refusal.Message.ToString());

        // No system in this process built a gadget, not even its type initializer ran.
        Assert.Equal(0, GadgetWitness.Initialisations);

        // And the witness would have seen it: the same bytes, read without the allow-list, build a gadget.
        var built = Assert.IsType<GadgetMessage>(senderSerializer.FromBinary(crafted, typeof(object)));
        Assert.Equal(42, built.Payload);
        Assert.Equal(1, GadgetWitness.Initialisations);
    }

    protected override void AfterAll()
    {
        if (!_sender.Terminate().Wait(Bound))
            throw new TimeoutException($"the sending system did not shut down within {Bound}");
        base.AfterAll();
    }
}
