namespace Emulation.Actors.Scenarios;

/// <summary>
/// A structural check of HOCON text before it reaches Akka's parser, which is lenient (it accepts an
/// unclosed brace or a stray bracket) and can even loop forever on an unclosed list. Checks that
/// strings end and that braces and brackets balance and nest; reports the first problem with its
/// line and column.
/// </summary>
public static class HoconSyntax
{
    public static string? FindProblem(string text)
    {
        var stack = new Stack<(string Open, int At)>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '#' || c == '/' && At(text, i + 1) == '/')
            {
                while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                continue;
            }
            if (c == '"')
            {
                var start = i;
                if (At(text, i + 1) == '"' && At(text, i + 2) == '"')
                {
                    var end = text.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal);
                    if (end < 0) return $"{Position(text, start)}: a \"\"\" string is never closed";
                    i = end + 2;
                    continue;
                }
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == '\n') return $"{Position(text, start)}: a quoted string is not closed on its line";
                    if (text[i] == '\\') i++;
                }
                if (i >= text.Length) return $"{Position(text, start)}: a quoted string is never closed";
                continue;
            }
            if (c == '$' && At(text, i + 1) == '{')
            {
                stack.Push(("${", i));
                i++;
                continue;
            }
            if (c is '{' or '[')
            {
                stack.Push((c.ToString(), i));
                continue;
            }
            if (c is not ('}' or ']')) continue;
            if (stack.Count == 0) return $"{Position(text, i)}: '{c}' closes nothing";
            var (open, at) = stack.Pop();
            var expected = open == "[" ? ']' : '}';
            if (c != expected)
                return $"{Position(text, i)}: '{c}' where '{expected}' was expected, to close the '{open}' at {Position(text, at)}";
        }
        if (stack.Count == 0) return null;
        var (unclosed, where) = stack.Pop();
        return $"{Position(text, where)}: '{unclosed}' is never closed";
    }

    private static char At(string text, int i) => i < text.Length ? text[i] : '\0';

    /// <summary>"line L, column C" of a character index (1-based).</summary>
    public static string Position(string text, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            line++;
            lineStart = i + 1;
        }
        return $"line {line}, column {index - lineStart + 1}";
    }
}
