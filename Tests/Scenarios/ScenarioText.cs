using Emulation.Actors.Scenarios;
using Emulation.Messages.Scenarios;

namespace Emulation.Tests.Scenarios;

/// <summary>Reads scenario text the way `validate` does, without a file on disk.</summary>
internal static class ScenarioText
{
    public const string File = "/scenarios/S1-test.hocon";

    /// <summary>The scenario, asserting the text is valid.</summary>
    public static ScenarioSpec Parse(string text)
    {
        try
        {
            return ScenarioReader.Parse(text, File, Catalogue.Default);
        }
        catch (ScenarioException e)
        {
            Assert.Fail($"expected a valid scenario, got:\n{e.Message}");
            throw;
        }
    }

    /// <summary>Every problem of the text (asserting there is one), as the lines the CLI prints.</summary>
    public static IReadOnlyList<string> Errors(string text)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioReader.Parse(text, File, Catalogue.Default));
        Assert.NotEmpty(e.Errors);
        Assert.All(e.Errors, x => Assert.Equal(File, x.File));
        return [.. e.Errors.Select(x => x.ToString())];
    }

    /// <summary>Asserts the problems, one a line, in order (a failure shows both lists whole).</summary>
    public static void AssertErrors(IEnumerable<string> expected, IEnumerable<string> actual) =>
        Assert.Equal(string.Join("\n", expected), string.Join("\n", actual));

    /// <summary><paramref name="text"/> with <paramref name="old"/>, which it holds exactly once, replaced.</summary>
    public static string Swap(this string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        if (at < 0) throw new ArgumentException($"'{old}' is not in the scenario", nameof(old));
        if (text.IndexOf(old, at + 1, StringComparison.Ordinal) >= 0)
            throw new ArgumentException($"'{old}' is in the scenario more than once", nameof(old));
        return text[..at] + replacement + text[(at + old.Length)..];
    }
}
