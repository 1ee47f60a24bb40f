using System.CommandLine;
using System.Text.RegularExpressions;
using Emulation.Actors.Scenarios;

namespace Emulation.Host.Cli;

/// <summary>
/// System.CommandLine's parse errors in the product's words: an unknown or missing verb names itself and the
/// verbs there are; a value that does not convert says what was expected instead of naming a .NET type;
/// a token is quoted as an excerpt. The first line is the one that says what is wrong.
/// </summary>
public static partial class ParseErrors
{
    public static IEnumerable<string> Describe(ParseResult result, RootCommand root, IReadOnlyList<string> verbs)
    {
        var verbList = string.Join(", ", verbs);
        if (ReferenceEquals(result.CommandResult.Command, root))
        {
            var first = result.Tokens.FirstOrDefault(t => !t.Value.StartsWith('-'))?.Value;
            yield return first is null
                ? $"expected a verb ({verbList})"
                : $"unknown verb '{Excerpt.Of(first)}', expected one of: {verbList}";
            yield break;
        }
        foreach (var error in result.Errors)
            yield return Reword(error.Message);
    }

    private static string Reword(string message)
    {
        var typed = CannotParse().Match(message);
        if (typed.Success)
        {
            var expected = typed.Groups["type"].Value.Contains("Boolean", StringComparison.Ordinal) ? "true or false" : "a value of the right kind";
            return $"{typed.Groups["option"].Value}: expected {expected}, found '{Excerpt.Of(typed.Groups["token"].Value)}'";
        }
        var unknown = Unrecognized().Match(message);
        if (unknown.Success) return $"unknown option or argument '{Excerpt.Of(unknown.Groups["token"].Value)}'";
        return message.Length <= 300 ? message : message[..300] + "...";
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<token>.*)' for (option|command|argument) '(?<option>[^']*)' as expected type '(?<type>[^']*)'", RegexOptions.Singleline)]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^Unrecognized command or argument '(?<token>.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex Unrecognized();
}
