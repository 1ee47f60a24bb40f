namespace Emulation.Actors.Scenarios;

/// <summary>
/// A strict check of HOCON text before it reaches Akka's parser. That parser is lenient where it should
/// not be (an unclosed brace, a stray bracket, an empty list element are accepted) and, once it loses
/// its place inside a list (a `=` or `*` there, a `{}` in an object that is a list element...), loops
/// forever, allocating as it goes. So the text must first pass this recursive-descent reading of the
/// HOCON that scenario files use: fields `key = value`, `key : value` or `key { ... }` (dotted keys
/// allowed) separated by commas or new lines; values that are quoted, triple-quoted or unquoted
/// strings, lists and objects, concatenated on one line. Substitutions (`${...}`: a cycle overflows the
/// stack of whoever reads the value), includes (Akka's parser throws a null reference) and `+=` are
/// refused. The first problem is reported with its line and column.
/// The check also gives the text Akka's parser should read: it refuses the valid `key { ... }, next = 1`,
/// so every comma between two fields of an object becomes a new line (the same HOCON).
/// </summary>
public static class HoconSyntax
{
    /// <summary>Objects, lists and dotted key segments nested deeper than this are refused (the catalogue needs 6).</summary>
    public const int MaxDepth = 32;

    /// <summary>A key segment or a value longer than this many characters is refused (the catalogue's longest is under 200).</summary>
    public const int MaxTokenChars = 4096;

    public static string? FindProblem(string text) => FindProblem(text, out _);

    /// <summary>The first problem (null when none), and the text for Akka's parser.</summary>
    public static string? FindProblem(string text, out string parseable)
    {
        var reader = new Reader(text);
        try
        {
            reader.Document();
            parseable = new string(reader.Output);
            return null;
        }
        catch (SyntaxProblem p)
        {
            parseable = text;
            return $"{Position(text, p.At)}: {p.Message}";
        }
    }

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

    private sealed class SyntaxProblem(int at, string message) : Exception(message)
    {
        public int At { get; } = at;
    }

    private sealed class Reader(string text)
    {
        /// <summary>Characters that end an unquoted value (HOCON's forbidden characters, as Akka's tokenizer has them).</summary>
        private const string NotInValue = "$\"{}[]:=,#`^?!@*&\\";

        /// <summary>Characters that end an unquoted key segment (also '.', between segments, and '+', of '+=').</summary>
        private const string NotInKey = NotInValue + ".+";

        private int _i;

        /// <summary>How many objects and lists enclose the reading position: the recursion this reader (and Akka's) does.</summary>
        private int _depth;

        public char[] Output { get; } = text.ToCharArray();

        private bool End => _i >= text.Length;

        private char Current => _i < text.Length ? text[_i] : '\0';

        private char Next => _i + 1 < text.Length ? text[_i + 1] : '\0';

        private static SyntaxProblem Problem(int at, string message) => new(at, message);

        private string Shown(int at) => at >= text.Length ? "the end of the file" : text[at] switch
        {
            '\n' or '\r' => "the end of the line",
            var c => $"'{c}'",
        };

        private bool AtComment => Current == '#' || Current == '/' && Next == '/';

        /// <summary>Skips spaces and tabs, a comment to the end of its line, and (when allowed) new lines; true when it crossed one.</summary>
        private bool SkipBlank(bool newLines)
        {
            var crossed = false;
            while (!End)
            {
                if (Current is ' ' or '\t') _i++;
                else if (AtComment)
                    while (!End && Current != '\n') _i++;
                else if (newLines && Current is '\n' or '\r')
                {
                    crossed = true;
                    _i++;
                }
                else break;
            }
            return crossed;
        }

        public void Document()
        {
            SkipBlank(newLines: true);
            if (Current == '{')
            {
                Object();
                SkipBlank(newLines: true);
                if (!End) throw Problem(_i, $"the end of the file after the root object's closing brace, not {Shown(_i)}");
                return;
            }
            Fields(root: true, openedAt: -1);
        }

        /// <summary>'{' fields '}'.</summary>
        private void Object()
        {
            var openedAt = Enter();
            Fields(root: false, openedAt);
            _depth--;
        }

        /// <summary>Steps into a '{' or '[' within <see cref="MaxDepth"/>: its position.</summary>
        private int Enter(int segments = 1)
        {
            if (_depth + segments > MaxDepth)
                throw Problem(_i, $"nesting deeper than {MaxDepth} levels of objects, lists and dotted keys");
            _depth++;
            return _i++;
        }

        /// <summary>A key segment or unquoted value from <paramref name="start"/> to here, within <see cref="MaxTokenChars"/>.</summary>
        private void Bounded(int start, string what)
        {
            if (_i - start <= MaxTokenChars) return;
            throw Problem(start, $"{what} of {_i - start:N0} characters, longer than the {MaxTokenChars:N0} allowed " +
                                 $"('{Excerpt.Of(text.Substring(start, Excerpt.MaxQuoted + 1))}')");
        }

        /// <summary>Fields up to the '}' of the object opened at <paramref name="openedAt"/> (the end of the file for the root).</summary>
        private void Fields(bool root, int openedAt)
        {
            while (true)
            {
                SkipBlank(newLines: true);
                if (End)
                {
                    if (!root) throw Problem(openedAt, "'{' is never closed");
                    return;
                }
                if (Current == '}' && !root)
                {
                    _i++;
                    return;
                }
                if (Current is '}' or ']')
                    throw root
                        ? Problem(_i, $"'{Current}' closes nothing")
                        : Problem(_i, $"'{Current}' where '}}' was expected, to close the '{{' at {Position(text, openedAt)}");
                Field();
                SkipBlank(newLines: false);
                if (End || Current is '\n' or '\r' or '}' or ']') continue;
                if (Current == ',')
                {
                    // Akka's parser refuses `key { ... },` between fields; a new line separates them as well.
                    Output[_i++] = '\n';
                    continue;
                }
                throw Unexpected("',' or a new line between two fields");
            }
        }

        private SyntaxProblem Unexpected(string expected) =>
            !End && "$`^?!@*&\\".Contains(Current)
                ? Problem(_i, $"a '{Current}' outside quotes (quote the value)")
                : Problem(_i, $"{Shown(_i)} where {expected} was expected");

        /// <summary>key ('=' | ':') value, or key '{' fields '}'.</summary>
        private void Field()
        {
            if (IsInclude()) throw Problem(_i, "an include (scenario files are self-contained)");
            if (Current == ',') throw Problem(_i, "a ',' where a key was expected (an empty field)");
            var key = _i;
            Key();
            SkipBlank(newLines: false);
            switch (Current)
            {
                case '{':
                    Object();
                    return;
                case '=' or ':':
                    _i++;
                    SkipBlank(newLines: true);
                    Value(inList: false);
                    return;
                case '+' when Next == '=':
                    throw Problem(_i, "'+=' (write the whole value)");
                default:
                    throw Problem(_i, $"{Shown(_i)} where '=', ':' or '{{' was expected after the key '{Excerpt.Of(text[key.._i].TrimEnd())}'");
            }
        }

        private bool IsInclude()
        {
            const string word = "include";
            if (string.CompareOrdinal(text, _i, word, 0, word.Length) != 0) return false;
            var j = _i + word.Length;
            if (j >= text.Length || text[j] is not (' ' or '\t')) return false;
            while (j < text.Length && text[j] is ' ' or '\t') j++;
            return j < text.Length && text[j] == '"' || new[] { "file(", "url(", "classpath(", "required(" }
                .Any(f => string.CompareOrdinal(text, j, f, 0, f.Length) == 0);
        }

        /// <summary>Segments (quoted or unquoted) joined by '.'.</summary>
        private void Key()
        {
            var segments = 1;
            while (true)
            {
                if (Current == '"') Quoted();
                else
                {
                    var start = _i;
                    while (!End && !char.IsWhiteSpace(Current) && !NotInKey.Contains(Current) && !AtComment) _i++;
                    if (_i == start) throw Problem(_i, $"{Shown(_i)} where a key was expected");
                    Bounded(start, "a key");
                }
                if (Current != '.') return;
                // a.b.c = 1 is a { b { c = 1 } }: every segment is a level for Akka's parser.
                if (_depth + ++segments > MaxDepth)
                    throw Problem(_i, $"nesting deeper than {MaxDepth} levels of objects, lists and dotted keys");
                _i++;
            }
        }

        /// <summary>Parts concatenated on one line: quoted, triple-quoted or unquoted strings, lists, objects.</summary>
        private void Value(bool inList)
        {
            if (!StartsValue())
            {
                if (Current == '$' && Next == '{') throw Problem(_i, "a substitution '${...}' (scenario files take plain values only)");
                if (End || Current is '\n' or '\r') throw Problem(_i, $"{Shown(_i)} where a value was expected");
                if (inList && Current is '=' or ':')
                    throw Problem(_i, $"a '{Current}' in a list (quote the value, or write key = value inside {{ ... }})");
                throw Unexpected("a value");
            }
            while (true)
            {
                if (Current == '"')
                {
                    if (Next == '"' && _i + 2 < text.Length && text[_i + 2] == '"') TripleQuoted();
                    else Quoted();
                }
                else if (Current == '[') List();
                else if (Current == '{') Object();
                else
                {
                    var start = _i;
                    while (!End && !char.IsWhiteSpace(Current) && !NotInValue.Contains(Current) && !AtComment) _i++;
                    Bounded(start, "a value");
                }
                var after = _i;
                SkipSpaces();
                if (StartsValue()) continue;
                if (Current == '$' && Next == '{') throw Problem(_i, "a substitution '${...}' (scenario files take plain values only)");
                if (_i == after) return;
                // Keep the position after the value's own characters; the blanks are read again by the caller.
                _i = after;
                return;
            }
        }

        private void SkipSpaces()
        {
            while (!End && Current is ' ' or '\t') _i++;
        }

        private bool StartsValue() =>
            !End && (Current is '"' or '[' or '{' || !char.IsWhiteSpace(Current) && !NotInValue.Contains(Current) && !AtComment);

        /// <summary>'[' values separated by ',' or new lines (a trailing comma allowed) ']'.</summary>
        private void List()
        {
            var openedAt = Enter();
            var separated = true;   // before the first element, as after a separator
            var afterComma = true;  // a comma now would leave an element empty
            while (true)
            {
                if (SkipBlank(newLines: true)) separated = true;
                if (End) throw Problem(openedAt, "'[' is never closed");
                switch (Current)
                {
                    case ']':
                        _i++;
                        _depth--;
                        return;
                    case '}':
                        throw Problem(_i, $"'}}' where ']' was expected, to close the '[' at {Position(text, openedAt)}");
                    case ',':
                        if (afterComma) throw Problem(_i, "an empty list element");
                        _i++;
                        separated = afterComma = true;
                        continue;
                }
                if (!separated) throw Unexpected("',', a new line or ']' after a list element");
                Value(inList: true);
                separated = afterComma = false;
            }
        }

        /// <summary>A string in double quotes, closed on its line; escapes as JSON has them.</summary>
        private void Quoted()
        {
            var start = _i++;
            while (true)
            {
                if (End) throw Problem(start, "a quoted string is never closed");
                var c = text[_i];
                if (c is '\n' or '\r') throw Problem(start, "a quoted string is not closed on its line");
                if (c == '"')
                {
                    _i++;
                    Bounded(start, "a quoted string");
                    return;
                }
                if (c == '\\')
                {
                    var escape = Next;
                    if (escape == 'u')
                    {
                        if (_i + 6 > text.Length || !text.Substring(_i + 2, 4).All(char.IsAsciiHexDigit))
                            throw Problem(_i, "a \\u escape without four hexadecimal digits");
                        _i += 6;
                        continue;
                    }
                    if (escape is not ('"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't'))
                        throw Problem(_i, $"an unknown escape '\\{escape}' in a quoted string");
                    _i += 2;
                    continue;
                }
                _i++;
            }
        }

        private void TripleQuoted()
        {
            var start = _i;
            var end = text.IndexOf("\"\"\"", _i + 3, StringComparison.Ordinal);
            if (end < 0) throw Problem(start, "a \"\"\" string is never closed");
            _i = end + 3;
            Bounded(start, "a \"\"\" string");
        }
    }
}
