using System.CommandLine;
using System.Globalization;
using Emulation.Actors.Scenarios;

namespace Emulation.Host.Cli;

/// <summary>
/// An option that takes a whole number within a stated range. System.CommandLine's own conversion error names
/// the .NET type (`System.Nullable`1[System.Int32]`); this one says what was expected in the user's terms:
/// "--machines: expected a whole number from 1 to 100,000, found 'abc'".
/// </summary>
public static class WholeNumberOption
{
    public static Option<int?> Int(string name, int min, int max, string description) =>
        new(name)
        {
            Description = $"{description} ({min} to {max})",
            CustomParser = result => (int?)Parse(result, name, min, max),
        };

    public static Option<long?> Long(string name, long min, long max, string description) =>
        new(name)
        {
            Description = $"{description} ({min} to {max})",
            CustomParser = result => Parse(result, name, min, max),
        };

    private static long? Parse(System.CommandLine.Parsing.ArgumentResult result, string name, long min, long max)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        result.AddError($"{name}: expected a whole number from {min} to {max}, found '{Excerpt.Of(token)}'");
        return null;
    }
}
