using Akka.Actor;
using Akka.Serialization;
using Emulation.Messages;
using Emulation.Messages.Kernel;
using Emulation.Messages.Serialization;
using Emulation.Tests.Support;

namespace Emulation.Tests.Serialization;

/// <summary>Every message type is serialized by Hyperion (with our allow-list) and survives a round trip unchanged.</summary>
public sealed class MessageSerializationTests(SerializationFixture fixture) : IClassFixture<SerializationFixture>
{
    private ActorSystem Sys => fixture.Sys;

    /// <summary>Every concrete IEmulationMessage of the Messages assembly, found by reflection (not from the allow-list).</summary>
    public static TheoryData<string> MessageTypeNames()
    {
        var data = new TheoryData<string>();
        foreach (var t in typeof(IEmulationMessage).Assembly.GetTypes()
                     .Where(t => typeof(IEmulationMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
            data.Add(t.FullName!);
        return data;
    }

    private static Type MessageType(string fullName) => typeof(IEmulationMessage).Assembly.GetType(fullName, throwOnError: true)!;

    [Theory]
    [MemberData(nameof(MessageTypeNames))]
    public void Message_uses_hyperion_and_round_trips_unchanged(string typeName)
    {
        var type = MessageType(typeName);
        var samples = MessageSamples.All(fixture.SampleRef);
        Assert.True(samples.TryGetValue(type, out var sample), $"add a sample of {type.Name} to MessageSamples");

        var serializer = Sys.Serialization.FindSerializerFor(sample);
        Assert.IsType<EmulationHyperionSerializer>(serializer);
        Assert.IsAssignableFrom<HyperionSerializer>(serializer);
        Assert.Same(serializer, Sys.Serialization.FindSerializerForType(type));

        var bytes = serializer.ToBinary(sample);
        var back = serializer.FromBinary(bytes, type);

        StructuralAssert.Equal(sample, back);
    }

    [Fact]
    public void Every_kernel_operation_and_every_outcome_type_round_trips_unchanged()
    {
        var wire = MessageSamples.Every(fixture.SampleRef).Where(m => m is KernelCall or KernelAnswer).ToList();
        Assert.Equal(MessageSamples.Ioctls().Count + EmulationSerialization.OutcomeTypes.Length, wire.Count);
        Assert.Equal(EmulationSerialization.OutcomeTypes,
            wire.OfType<KernelAnswer>().Select(a => a.Outcome.GetType()).OrderBy(t => t.FullName, StringComparer.Ordinal));
        foreach (var sample in wire)
        {
            var serializer = Sys.Serialization.FindSerializerFor(sample);
            StructuralAssert.Equal(sample, serializer.FromBinary(serializer.ToBinary(sample), sample.GetType()));
        }
    }

    [Fact]
    public void Every_sample_is_of_a_message_type_and_there_is_one_per_type()
    {
        var samples = MessageSamples.All(fixture.SampleRef);
        Assert.Equal(EmulationSerialization.MessageTypes.Length, samples.Count);
        Assert.All(samples.Keys, t => Assert.Contains(t, EmulationSerialization.MessageTypes));
    }
}
