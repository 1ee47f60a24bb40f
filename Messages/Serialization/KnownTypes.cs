using Akka.Serialization;

namespace Emulation.Messages.Serialization;

/// <summary>
/// Hyperion's known types (akka.hocon `known-types-provider`): written as a 16-bit index by list
/// position instead of a type name, so every node must list the same types in the same order. The list
/// is <see cref="EmulationSerialization.KnownTypes"/>: the allow-list without surrogates, sorted by full
/// name, so nodes of one build agree.
/// </summary>
public sealed class KnownTypes : IKnownTypesProvider
{
    public IEnumerable<Type> GetKnownTypes() => EmulationSerialization.KnownTypes;
}
