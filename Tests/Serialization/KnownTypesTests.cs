using Emulation.Messages;
using Emulation.Messages.Serialization;

namespace Emulation.Tests.Serialization;

/// <summary>Hyperion writes known types by list position: the list must be sorted by full name and complete.</summary>
public sealed class KnownTypesTests
{
    private static readonly IReadOnlyList<Type> Known = new KnownTypes().GetKnownTypes().ToList();

    [Fact]
    public void Known_types_are_sorted_by_full_name_without_duplicates()
    {
        var sorted = Known.OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
        Assert.Equal(sorted, Known);
        Assert.Equal(Known.Count, Known.Distinct().Count());
        Assert.True(Known.Count <= ushort.MaxValue);
    }

    [Fact]
    public void Known_types_cover_every_message_type()
    {
        var messages = typeof(IEmulationMessage).Assembly.GetTypes()
            .Where(t => typeof(IEmulationMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .ToList();
        Assert.NotEmpty(messages);
        Assert.All(messages, t => Assert.Contains(t, Known));
    }

    [Fact]
    public void Known_types_are_the_allow_list_without_the_actor_ref_surrogate()
    {
        // Hyperion reads a known type with its own serializer, skipping the surrogate's conversion back.
        Assert.Equal(EmulationSerialization.AllowedTypes.Remove(typeof(Akka.Actor.ActorRefBase.Surrogate)), Known);
    }

    [Fact]
    public void Two_providers_list_the_same_types_in_the_same_order()
    {
        Assert.Equal(Known, new KnownTypes().GetKnownTypes().ToList());
    }
}
