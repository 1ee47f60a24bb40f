namespace Emulation.Actors.Scenarios;

/// <summary>
/// A structural check of HOCON text before it reaches Akka's parser, which is lenient (it accepts an
/// unclosed brace, a stray bracket or an empty list element) and can even loop forever on an unclosed
/// list. Checks that strings end, that braces and brackets balance and nest, that no list element is
/// empty; refuses substitutions (`${...}`: a cycle overflows the stack of whoever reads the value) and
/// includes (Akka's parser fails on them with a null reference). Reports the first problem with its
/// line and column. Also gives the text Akka's parser should read: it rejects the valid `key { ... },
/// next = ...`, so a comma between two fields of an object, after a closing brace, becomes a newline.
/// </summary>
public static class HoconSyntax
{
    public static string? FindProblem(string text) => FindProblem(text, out _);

    /// <summary>The first problem (null when none), and the text for Akka's parser.</summary>
    public static string? FindProblem(string text, out string parseable)
    {
        var output = text.ToCharArray();
        parseable = text;
        var stack = new Stack<(string Open, int At)>();
        var prev = '\n';        // the last significant character, blanks, newlines and comments skipped
        var prevOnLine = '\n';  // the same, but a newline counts
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                prevOnLine = c;
                continue;
            }
            if (char.IsWhiteSpace(c)) continue;
            if (c == '#' || c == '/' && At(text, i + 1) == '/')
            {
                while (i + 1 < text.Length && text[i + 1] != '\n') i++;
                continue;
            }
            var before = prev;
            var startOfField = prevOnLine is '\n' or '{' or ',';
            prev = prevOnLine = c;
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
                return $"{Position(text, i)}: a substitution '${{...}}' (scenario files take plain values only)";
            if (startOfField && IsInclude(text, i))
                return $"{Position(text, i)}: an include (scenario files are self-contained)";
            if (c is '{' or '[')
            {
                stack.Push((c.ToString(), i));
                continue;
            }
            if (c == ',')
            {
                var inList = stack.TryPeek(out var open) && open.Open == "[";
                if (inList && before is '[' or ',') return $"{Position(text, i)}: an empty list element";
                // Akka's parser refuses `a { ... }, b = 1` in an object; a newline separates fields as well.
                if (!inList && before == '}') output[i] = '\n';
                continue;
            }
            if (c is not ('}' or ']')) continue;
            if (stack.Count == 0) return $"{Position(text, i)}: '{c}' closes nothing";
            var (opened, at) = stack.Pop();
            var expected = opened == "[" ? ']' : '}';
            if (c != expected)
                return $"{Position(text, i)}: '{c}' where '{expected}' was expected, to close the '{opened}' at {Position(text, at)}";
        }
        if (stack.Count > 0)
        {
            var (unclosed, where) = stack.Pop();
            return $"{Position(text, where)}: '{unclosed}' is never closed";
        }
        parseable = new string(output);
        return null;
    }

    /// <summary>An unquoted `include` starting a field, followed by a file name or file(...), url(...), classpath(...), required(...).</summary>
    private static bool IsInclude(string text, int i)
    {
        const string word = "include";
        if (string.CompareOrdinal(text, i, word, 0, word.Length) != 0) return false;
        var j = i + word.Length;
        if (j >= text.Length || !char.IsWhiteSpace(text[j])) return false;
        while (j < text.Length && text[j] is ' ' or '\t') j++;
        return At(text, j) == '"' || new[] { "file(", "url(", "classpath(", "required(" }
            .Any(f => string.CompareOrdinal(text, j, f, 0, f.Length) == 0);
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
