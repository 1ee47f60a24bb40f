using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace Emulation.Messages.Serialization;

/// <summary>
/// Akka's <see cref="HyperionSerializer"/> with the protocol's allow-list
/// (<see cref="EmulationSerialization.AllowedTypes"/>) always applied, whatever the HOCON says.
/// akka.hocon names it as the `hyperion` serializer, so every ActorSystem that loads akka.hocon gets
/// the allow-list with nothing else to remember; code that builds an ActorSystem without akka.hocon
/// (Akka.Hosting) registers it with <c>WithCustomSerializer("hyperion", [typeof(IEmulationMessage)], s => new EmulationHyperionSerializer(s))</c>.
/// It keeps Hyperion's identifier, so bytes are those of the plain serializer.
/// </summary>
public sealed class EmulationHyperionSerializer : HyperionSerializer
{
    /// <summary>With the defaults of Akka.Serialization.Hyperion plus the allow-list (Akka.Hosting).</summary>
    public EmulationHyperionSerializer(ExtendedActorSystem system)
        : base(system, EmulationSerialization.WithAllowList(HyperionSerializerSettings.Default.WithKnownTypesProvider(typeof(KnownTypes))))
    {
    }

    /// <summary>From `akka.actor.serialization-settings.hyperion` plus the allow-list (how Akka builds it from akka.hocon).</summary>
    public EmulationHyperionSerializer(ExtendedActorSystem system, Config config)
        : base(system, EmulationSerialization.WithAllowList(HyperionSerializerSettings.Create(config)))
    {
    }
}
