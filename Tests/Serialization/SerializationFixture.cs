using Akka.Actor;
using Emulation.Tests.Support;

namespace Emulation.Tests.Serialization;

/// <summary>One actor system (the test configuration over akka.hocon) shared by a serialization test class, shut down within a bound.</summary>
public sealed class SerializationFixture : IDisposable
{
    public static readonly TimeSpan ShutdownBound = TimeSpan.FromSeconds(10);

    public ActorSystem Sys { get; } = ActorSystem.Create("serialization", TestConfig.Actors);

    /// <summary>A live actor ref for the samples' IActorRef fields.</summary>
    public IActorRef SampleRef { get; }

    public SerializationFixture() => SampleRef = Sys.ActorOf(Props.Empty, "sample-ref");

    public void Dispose()
    {
        if (!Sys.Terminate().Wait(ShutdownBound))
            throw new TimeoutException($"the serialization test system did not shut down within {ShutdownBound}");
    }
}
