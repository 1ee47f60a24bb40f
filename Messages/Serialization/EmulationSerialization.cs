using System.Collections.Immutable;
using System.Reflection;
using Akka.Actor;
using Akka.Serialization;
using Akka.Util;
using Emulation.Actors.Uapi;
using Emulation.Messages.Kernel;
using Hyperion;

namespace Emulation.Messages.Serialization;

/// <summary>
/// The Hyperion allow-list of the protocol, built by reflection: every concrete
/// <see cref="IEmulationMessage"/> of this assembly, and, recursively, the types of their fields
/// (records of ours, enums, closed generic immutable collections, the concrete subtypes of abstract
/// field types such as <see cref="KernelEffect"/>, and Akka's actor-ref surrogate for
/// <see cref="IActorRef"/> fields). Sorted by full name; without the surrogates it is the known-types
/// list (<see cref="KnownTypes"/>): every node of one build lists the same types in the same order.
/// A field type it cannot vouch for (object, a non-immutable BCL collection, a foreign class) fails
/// the type's initialisation, so a bad message type is caught by the first test that serializes.
/// </summary>
public static class EmulationSerialization
{
    private static readonly Assembly[] OurAssemblies = [typeof(IEmulationMessage).Assembly, typeof(KernelEffect).Assembly];

    /// <summary>Every concrete message type of the protocol, sorted by full name.</summary>
    public static ImmutableArray<Type> MessageTypes { get; } = typeof(IEmulationMessage).Assembly.GetTypes()
        .Where(t => typeof(IEmulationMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>
    /// The outcome type of every kernel operation (<see cref="IoctlOutcome{TResult}"/> of its result type): a
    /// <see cref="KernelAnswer"/> carries them as their abstract base, so they are listed by operation.
    /// </summary>
    public static ImmutableArray<Type> OutcomeTypes { get; } = typeof(IIoctl).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IIoctl).IsAssignableFrom(t))
        .SelectMany(t => t.GetInterfaces())
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IIoctl<>))
        .Select(i => typeof(IoctlOutcome<>).MakeGenericType(i.GetGenericArguments()))
        .Distinct()
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>Every type a message may carry on the wire (the messages included), sorted by full name.</summary>
    public static ImmutableArray<Type> AllowedTypes { get; } = BuildAllowList(MessageTypes.Concat(OutcomeTypes));

    /// <summary>
    /// Hyperion's known types: the allow-list, sorted by full name, without surrogate types. Hyperion reads a
    /// known type with that type's own serializer, which would skip the surrogate's conversion back (an
    /// actor ref would arrive as its surrogate), so surrogates travel by name, through the allow-list.
    /// </summary>
    public static ImmutableArray<Type> KnownTypes { get; } =
        AllowedTypes.Where(t => !typeof(ISurrogate).IsAssignableFrom(t)).ToImmutableArray();

    /// <summary>Hyperion's type filter over <see cref="AllowedTypes"/> (both spellings of a name, see <see cref="AllowListTypeFilter"/>).</summary>
    public static ITypeFilter TypeFilter { get; } = new AllowListTypeFilter(AllowedTypes);

    /// <summary>
    /// Settings with the allow-list applied. The type filter only works while unsafe types are
    /// disallowed, so that is forced on too.
    /// </summary>
    public static HyperionSerializerSettings WithAllowList(HyperionSerializerSettings settings) =>
        settings.WithDisallowUnsafeType(true).WithTypeFilter(TypeFilter);

    private static ImmutableArray<Type> BuildAllowList(IEnumerable<Type> roots)
    {
        var found = new HashSet<Type>();
        var visited = new HashSet<Type>();
        foreach (var root in roots)
            Visit(root, found, visited, root);
        return found.OrderBy(t => t.FullName, StringComparer.Ordinal).ToImmutableArray();
    }

    private static void Visit(Type type, HashSet<Type> found, HashSet<Type> visited, Type root)
    {
        if (!visited.Add(type) || IsWirePrimitive(type)) return;
        if (typeof(IActorRef).IsAssignableFrom(type))
        {
            // Akka's Hyperion binding writes actor refs as this surrogate (their path).
            found.Add(typeof(ActorRefBase.Surrogate));
            return;
        }
        if (type.IsEnum)
        {
            found.Add(type);
            return;
        }
        if (type.IsArray)
        {
            found.Add(type);
            Visit(type.GetElementType()!, found, visited, root);
            return;
        }
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            if (!IsOurs(type) && definition != typeof(Nullable<>) && definition.Namespace != "System.Collections.Immutable")
                throw Unsupported(type, root);
            found.Add(type);
            foreach (var argument in type.GetGenericArguments())
                Visit(argument, found, visited, root);
            if (!IsOurs(type)) return;
        }
        if (!IsOurs(type)) throw Unsupported(type, root);
        if (type.IsAbstract || type.IsInterface)
        {
            foreach (var concrete in OurAssemblies.SelectMany(a => a.GetTypes())
                         .Where(t => t is { IsAbstract: false, IsInterface: false, ContainsGenericParameters: false } && type.IsAssignableFrom(t)))
                Visit(concrete, found, visited, root);
            return;
        }
        found.Add(type);
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                Visit(field.FieldType, found, visited, root);
    }

    /// <summary>Types Hyperion writes with a fixed tag, never by name.</summary>
    private static bool IsWirePrimitive(Type t) =>
        t.IsPrimitive || t == typeof(string) || t == typeof(decimal) || t == typeof(Guid)
        || t == typeof(DateTime) || t == typeof(DateTimeOffset);

    private static bool IsOurs(Type t) => OurAssemblies.Contains(t.Assembly);

    private static InvalidOperationException Unsupported(Type type, Type root) =>
        new($"{root.FullName} carries {type.FullName}, which the Hyperion allow-list does not vouch for: " +
            "use records of Emulation.Actors.Uapi/Emulation.Messages, enums, primitives, strings, IActorRef and ImmutableArray<T>.");
}
