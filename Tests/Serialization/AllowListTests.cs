using System.Collections.Immutable;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Emulation.Actors.Uapi;
using Emulation.Messages;
using Emulation.Messages.Serialization;
using Emulation.Tests.Support;
using Hyperion.Internal;
using Xunit.Abstractions;

namespace Emulation.Tests.Serialization;

/// <summary>A message type of nobody's protocol: it binds to our serializer (it carries the marker) but is not allow-listed.</summary>
public sealed record SmuggledMessage(int Payload) : IEmulationMessage;

/// <summary>The allow-list: built by reflection from the messages, applied by every system that loads akka.hocon, and enforced.</summary>
public sealed class AllowListTests(SerializationFixture fixture) : IClassFixture<SerializationFixture>
{
    private ActorSystem Sys => fixture.Sys;

    [Fact]
    public void A_type_outside_the_allow_list_is_rejected_on_deserialization()
    {
        // Bytes from a sender without our allow-list (another build, a hostile peer): the type travels by name.
        var smuggled = new SmuggledMessage(42);
        var bytes = UnfilteredHyperion().ToBinary(smuggled);

        var serializer = Sys.Serialization.FindSerializerFor(smuggled);
        Assert.IsType<EmulationHyperionSerializer>(serializer);
        var failure = Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, typeof(SmuggledMessage)));

        Assert.Contains(Causes(failure), e => e is UserEvilDeserializationException);
        Assert.Contains(nameof(SmuggledMessage), failure.Message);
    }

    [Fact]
    public void A_type_outside_the_allow_list_is_refused_when_sending_too()
    {
        var serializer = Sys.Serialization.FindSerializerFor(new SmuggledMessage(42));
        Assert.Throws<UserEvilDeserializationException>(() => serializer.ToBinary(new SmuggledMessage(42)));
    }

    [Fact]
    public void An_unsafe_type_is_rejected_on_deserialization()
    {
        var bytes = UnfilteredHyperion(allowUnsafe: true).ToBinary(new DirectoryInfo(AppContext.BaseDirectory));
        var serializer = Sys.Serialization.FindSerializerForType(typeof(IEmulationMessage));
        var failure = Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, typeof(DirectoryInfo)));
        Assert.Contains(Causes(failure), e => e is EvilDeserializationException);
    }

    [Fact]
    public void A_system_built_in_code_gets_the_allow_list_from_the_serializer_itself()
    {
        // Akka.Hosting style: no HOCON settings section at all, the serializer registered by type.
        var serializer = new EmulationHyperionSerializer((ExtendedActorSystem)Sys);
        Assert.True(serializer.Settings.DisallowUnsafeType);
        Assert.Same(EmulationSerialization.TypeFilter, serializer.Settings.TypeFilter);
        Assert.Equal(typeof(KnownTypes), serializer.Settings.KnownTypesProvider);
        var bytes = UnfilteredHyperion().ToBinary(new SmuggledMessage(1));
        Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, typeof(SmuggledMessage)));
        var sample = new KernelCall(1, new Open("dgpu", true));
        Assert.Equal(sample, serializer.FromBinary(serializer.ToBinary(sample), typeof(KernelCall)));
    }

    private static IEnumerable<Exception> Causes(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
    }

    /// <summary>Plain Akka Hyperion with our HOCON settings (same known types) but no allow-list.</summary>
    private HyperionSerializer UnfilteredHyperion(bool allowUnsafe = false)
    {
        var settings = HyperionSerializerSettings.Create(Sys.Settings.Config.GetConfig("akka.actor.serialization-settings.hyperion"));
        return new HyperionSerializer((ExtendedActorSystem)Sys, allowUnsafe ? settings.WithDisallowUnsafeType(false) : settings);
    }

}
