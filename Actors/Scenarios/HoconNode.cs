using System.Globalization;
using Akka.Configuration.Hocon;

namespace Emulation.Actors.Scenarios;

/// <summary>Collects the problems of one file, so a user sees all of them at once.</summary>
internal sealed class Diagnostics(string file)
{
    public string File { get; } = file;
    public List<ScenarioError> Errors { get; } = [];

    /// <summary>Names the file defines in a part that did not read (a device with a bad driver): not reported again where referenced.</summary>
    public HashSet<string> Unresolved { get; } = new(StringComparer.Ordinal);

    public void Error(string path, string found, string expected) => Errors.Add(new(File, path, found, expected));
}

/// <summary>
/// A value of a HOCON tree with its key path, read into typed values; every wrong value is reported
/// (path, what was found, what was expected) and read as null, so reading goes on and reports all.
/// </summary>
internal readonly struct HoconNode(HoconValue? value, string path, Diagnostics diagnostics)
{
    public string Path { get; } = path;
    public Diagnostics Diagnostics { get; } = diagnostics;

    public bool Missing => value is null || value.Values.Count == 0
                           || !value.IsObject() && !value.IsArray() && value.IsString() && value.GetString() is null;

    public bool IsObject => !Missing && value!.IsObject();

    // Akka's parser reads `[]` as an array that IsArray() denies, followed by a blank literal when a space
    // or a comment comes next (`[] }`): an empty list all the same.
    public bool IsList => !Missing && (value!.IsArray()
                                       || value.Values.Count > 0 && value.Values[0] is HoconArray
                                       && value.Values.Skip(1).All(v => v is HoconLiteral { Value: var text } && string.IsNullOrWhiteSpace(text)));

    public string? Literal => Missing || IsObject || IsList ? null : value!.GetString();

    /// <summary>What was found, for an error message.</summary>
    public string Found => Missing ? "nothing" : IsObject ? "an object" : IsList ? Elements().Count == 0 ? "an empty list" : "a list" : $"'{Excerpt.Of(Literal ?? "")}'";

    public void Fail(string expected) => Diagnostics.Error(Path, Found, expected);

    public HoconNode this[string key]
    {
        get
        {
            var child = IsObject && value!.GetObject().Items.TryGetValue(key, out var v) ? v : null;
            return new HoconNode(child, Join(Path, key), Diagnostics);
        }
    }

    public bool Has(string key) => !this[key].Missing;

    /// <summary>The keys of an object, in ordinal order (never the dictionary's order).</summary>
    public IReadOnlyList<string> Keys =>
        IsObject ? value!.GetObject().Items.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList() : [];

    /// <summary>Reports every key that is not one of <paramref name="allowed"/> (typos are errors, not silence).</summary>
    public void AllowOnly(params string[] allowed)
    {
        foreach (var key in Keys)
            if (!allowed.Contains(key))
                Diagnostics.Error(Join(Path, key), $"key '{key}'", $"one of: {string.Join(", ", allowed)}");
    }

    /// <summary>The elements of a list (an error, and none, for anything else).</summary>
    public IReadOnlyList<HoconNode> Items(string expected = "a list [...]")
    {
        if (!IsList)
        {
            if (!Missing) Fail(expected);
            return [];
        }
        var path = Path;
        var d = Diagnostics;
        return Elements().Select((v, i) => new HoconNode(v, $"{path}[{i}]", d)).ToList();
    }

    /// <summary>A list's elements; Akka reads `[ ]` as one element with no value, which is none.</summary>
    private IReadOnlyList<HoconValue> Elements()
    {
        if (!value!.IsArray()) return [];
        var items = value.GetArray();
        return items is [{ Values.Count: 0 }] ? [] : [.. items];
    }

    public bool RequireObject(string expected)
    {
        if (IsObject) return true;
        Fail(expected);
        return false;
    }

    public string? String(string expected = "a string")
    {
        if (Literal is { } s) return s;
        Fail(expected);
        return null;
    }

    /// <summary>An identifier: letters, digits and '-', starting with a letter or digit.</summary>
    public string? Identifier(string what)
    {
        var s = Literal;
        if (s is not null && s.Length > 0 && char.IsAsciiLetterOrDigit(s[0]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return s;
        Fail($"{what} (letters, digits and '-')");
        return null;
    }

    public string? Choice(IReadOnlyList<string> choices)
    {
        var s = Literal;
        if (s is not null && choices.Contains(s)) return s;
        Fail(OneOf(choices));
        return null;
    }

    /// <summary>
    /// A name defined elsewhere in the file (a device id, an output name): one of <paramref name="choices"/>.
    /// A name whose definition did not read is not reported again: its own problem is.
    /// </summary>
    public string? Reference(IReadOnlyList<string> choices, string? what = null)
    {
        if (Literal is { } s)
        {
            if (choices.Contains(s)) return s;
            if (Diagnostics.Unresolved.Contains(s)) return null;
        }
        Fail(what is null ? OneOf(choices) : $"{what} ({(choices.Count == 0 ? "none" : string.Join(", ", choices.Distinct()))})");
        return null;
    }

    private static string OneOf(IReadOnlyList<string> choices) =>
        choices.Count == 0 ? "one of a list that is empty here" : $"one of: {string.Join(", ", choices.Distinct())}";

    public bool? Bool()
    {
        switch (Literal)
        {
            case "true" or "yes" or "on": return true;
            case "false" or "no" or "off": return false;
            default:
                Fail("true or false");
                return null;
        }
    }

    public long? Integer(long min, long max)
    {
        if (long.TryParse(Literal, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
            return n;
        Fail($"a whole number from {min} to {max}");
        return null;
    }

    public int? Int(int min, int max = int.MaxValue) => (int?)Integer(min, max);

    public double? Positive(string unit)
    {
        if (double.TryParse(Literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0 && double.IsFinite(d))
            return d;
        Fail($"a positive number ({unit})");
        return null;
    }

    /// <summary>A number from 0 to <paramref name="max"/>, in <paramref name="unit"/>.</summary>
    public double? NonNegative(string unit, double max)
    {
        if (double.TryParse(Literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0 && d <= max)
            return d;
        Fail($"a number from 0 to {max.ToString(CultureInfo.InvariantCulture)} ({unit})");
        return null;
    }

    /// <summary>A fraction: a number above 0 and at most 1.</summary>
    public double? Fraction()
    {
        if (double.TryParse(Literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0 && d <= 1)
            return d;
        Fail("a fraction above 0 and at most 1 (1 = the whole buffer)");
        return null;
    }

    /// <summary>A size: bytes, or a number with B, KiB, MiB, GiB, TiB (also K, M, G, T and kB, MB, GB as binary units).</summary>
    public long? Bytes()
    {
        if (Sizes.TryParseBytes(Literal, out var bytes)) return bytes;
        Fail("a size such as 8GiB, 512MiB or 4096");
        return null;
    }

    /// <summary>WIDTHxHEIGHT, e.g. 3840x2160.</summary>
    public (int Width, int Height)? Resolution()
    {
        if (Sizes.TryParseResolution(Literal, out var w, out var h)) return (w, h);
        Fail("WIDTHxHEIGHT, e.g. 3840x2160");
        return null;
    }

    public static string Join(string path, string key)
    {
        var quoted = key.Length == 0 || key.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            ? $"\"{key}\"" : key;
        return path.Length == 0 ? quoted : $"{path}.{quoted}";
    }
}
