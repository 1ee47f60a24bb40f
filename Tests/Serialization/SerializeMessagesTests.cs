using Akka.Actor;
using Emulation.Messages;
using Emulation.Tests.Support;
using Xunit.Abstractions;

namespace Emulation.Tests.Serialization;

/// <summary>The test configuration makes every local message cross the serializer, as it would cross the wire.</summary>
public sealed class SerializeMessagesTests(ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(TestConfig.Actors, "serialize-messages", output)
{
    [Fact]
    public void The_test_configuration_serializes_messages_but_not_creators()
    {
        Assert.True(Sys.Settings.SerializeAllMessages);
        Assert.False(Sys.Settings.SerializeAllCreators);
        Assert.IsType<LocalActorRefProvider>(((ExtendedActorSystem)Sys).Provider);
    }

    [Fact]
    public void A_local_tell_delivers_a_deserialized_copy()
    {
        var sample = MessageSamples.All(TestActor)[typeof(KernelStats)];
        TestActor.Tell(sample);
        var back = ExpectMsg<KernelStats>();
        Assert.NotSame(sample, back);
        StructuralAssert.Equal(sample, back);
    }
}
