using System.Collections.Frozen;
using System.Text.RegularExpressions;
using Hyperion;

namespace Emulation.Messages.Serialization;

/// <summary>
/// Hyperion's type filter over a fixed set of types. Hyperion 0.12.2 asks a filter twice, with two
/// spellings of a name: on deserialization with its short form ("T, Assembly", with ",%core%" for the core
/// library), and on serialization, for the root object, with the full assembly-qualified name. Its own
/// <see cref="TypeFilter"/> knows only the short form, so it rejects every root on serialization; this one
/// brings both spellings to the short form before looking the name up.
/// </summary>
public sealed partial class AllowListTypeFilter : ITypeFilter
{
    private static readonly string CoreAssemblySuffix = CoreSuffix();

    private readonly FrozenSet<string> _allowed;

    public AllowListTypeFilter(IEnumerable<Type> types) =>
        _allowed = types.Select(t => ShortName(t.AssemblyQualifiedName!)).ToFrozenSet(StringComparer.Ordinal);

    public bool IsAllowed(string typeName) => _allowed.Contains(ShortName(typeName));

    /// <summary>
    /// Hyperion's short spelling of an assembly-qualified type name: the core library's version, culture
    /// and key become ",%core%", every other version, culture and key goes. A short name is left as it is.
    /// </summary>
    public static string ShortName(string assemblyQualifiedName) =>
        VersionCultureKey().Replace(assemblyQualifiedName.Replace(CoreAssemblySuffix, ",%core%", StringComparison.Ordinal), "");

    private static string CoreSuffix()
    {
        var name = typeof(int).AssemblyQualifiedName!;
        return name[name.IndexOf(", Version", StringComparison.Ordinal)..];
    }

    [GeneratedRegex(@"(, Version=([\d\.]+))?(, Culture=[^,\] \t]+)?(, PublicKeyToken=(null|[\da-f]+))?",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex VersionCultureKey();
}
