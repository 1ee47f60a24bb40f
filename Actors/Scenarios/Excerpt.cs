namespace Emulation.Actors.Scenarios;

/// <summary>What an error quotes of a bad token: the whole token when short, else its start and its length.</summary>
public static class Excerpt
{
    /// <summary>Tokens up to this many characters are quoted whole.</summary>
    public const int MaxQuoted = 64;

    public static string Of(string token) =>
        token.Length <= MaxQuoted
            ? Printable(token)
            : $"{Printable(token[..(MaxQuoted - 16)])}... ({token.Length:N0} characters)";

    /// <summary>Control characters shown as \uXXXX, so an error line stays one line on a terminal.</summary>
    private static string Printable(string text) =>
        text.Any(char.IsControl)
            ? string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()))
            : text;
}
