using System.Collections.Immutable;
using Akka.Actor;
using Emulation.Actors.Uapi;
using Emulation.Messages;
using Emulation.Messages.Serialization;
using Emulation.Tests.Support;

namespace Emulation.Tests.Serialization;

/// <summary>What the allow-list holds, how its filter matches names, and how akka.hocon binds it.</summary>
public sealed class AllowListContentTests
{
    [Fact]
    public void The_filter_admits_exactly_the_allow_list_in_both_spellings_hyperion_uses()
    {
        var filter = EmulationSerialization.TypeFilter;
        Assert.All(EmulationSerialization.AllowedTypes, t =>
        {
            Assert.True(filter.IsAllowed(t.AssemblyQualifiedName!), t.AssemblyQualifiedName);
            Assert.True(filter.IsAllowed(AllowListTypeFilter.ShortName(t.AssemblyQualifiedName!)), t.FullName);
        });
        Assert.Equal("System.Collections.Immutable.ImmutableArray`1[[System.String, System.Private.CoreLib,%core%]], System.Collections.Immutable",
            AllowListTypeFilter.ShortName(typeof(ImmutableArray<string>).AssemblyQualifiedName!));
        Assert.False(filter.IsAllowed(typeof(SmuggledMessage).AssemblyQualifiedName!));
        Assert.False(filter.IsAllowed(AllowListTypeFilter.ShortName(typeof(SmuggledMessage).AssemblyQualifiedName!)));
        Assert.False(filter.IsAllowed(typeof(DirectoryInfo).AssemblyQualifiedName!));
    }

    [Fact]
    public void The_allow_list_holds_the_nested_types_messages_carry()
    {
        var allowed = EmulationSerialization.AllowedTypes;
        Type[] nested =
        [
            typeof(ImmutableArray<KernelEffect>), typeof(Migrated), typeof(Evicted), typeof(Pinned), typeof(Unpinned),
            typeof(MoveNotified), typeof(Errno), typeof(Placement), typeof(MoveCause), typeof(PinHolder), typeof(BadFdKind),
            typeof(HandleResult), typeof(FdResult), typeof(BoInfo), typeof(Knobs), typeof(PinTiming), typeof(NoMoveSupport),
            typeof(SameDeviceSupport), typeof(RespectsAttachments), typeof(PoolUsage), typeof(ImmutableArray<PoolUsage>),
            typeof(DeviceFace), typeof(PoolFace), typeof(ImmutableArray<string>), typeof(PoolFlow), typeof(PlacementCause),
            typeof(ActorRefBase.Surrogate),
        ];
        Assert.All(nested, t => Assert.Contains(t, allowed));
        Assert.All(EmulationSerialization.MessageTypes, t => Assert.Contains(t, allowed));
        Assert.DoesNotContain(typeof(KernelEffect), allowed);   // abstract: never on the wire by name
        Assert.DoesNotContain(typeof(SmuggledMessage), allowed);
    }

    [Fact]
    public void The_product_configuration_binds_the_marker_to_our_hyperion_with_unsafe_types_disallowed()
    {
        var config = TestConfig.Product;
        Assert.Equal("hyperion", config.GetString("akka.actor.serialization-bindings.\"Emulation.Messages.IEmulationMessage, Emulation.Messages\""));
        Assert.Equal(typeof(EmulationHyperionSerializer).FullName + ", Emulation.Messages", config.GetString("akka.actor.serializers.hyperion"));
        Assert.True(config.GetBoolean("akka.actor.serialization-settings.hyperion.disallow-unsafe-type"));
        Assert.Equal("Emulation.Messages.Serialization.KnownTypes, Emulation.Messages",
            config.GetString("akka.actor.serialization-settings.hyperion.known-types-provider"));
    }
}
