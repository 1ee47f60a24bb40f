using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Host.Replay;

/// <summary>A malformed line: its number and what was expected there.</summary>
public sealed record TraceError(int Line, string Message)
{
    public override string ToString() => $"{Line}: {Message}";
}

/// <summary>The whole file parsed, or every malformed line found in it.</summary>
public sealed record TraceParse(Trace? Trace, ImmutableArray<TraceError> Errors)
{
    public bool Ok => Errors.IsEmpty;
}

/// <summary>
/// Parses a whole `.seq` file before anything runs (docs/traces.md). Device and output names are
/// checked against the topology, symbols must be introduced by an earlier line, numbers, flags,
/// placements and expectation words must be what the language allows. Every malformed line is
/// reported with its number and what was expected there.
/// </summary>
public static class TraceParser
{
    /// <summary>The longest trace read (lines, comments and blanks included): a million operations replay in well under a minute.</summary>
    public const int MaxLines = 1_000_000;

    /// <summary>The longest word of an operation line: symbols, numbers and flags are far shorter (a `topology` path may have 4,096).</summary>
    public const int MaxWordChars = 128;

    /// <summary>The `topology` header if the first meaningful line is a well-formed one (read before the full parse).</summary>
    public static TopologyLine? FindTopologyHeader(IReadOnlyList<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var words = TraceTokens.Split(lines[i]);
            if (words.Length == 0) continue;
            return words is ["topology", var name] ? new TopologyLine(i + 1, name) : null;
        }
        return null;
    }

    public static TraceParse Parse(string path, IReadOnlyList<string> lines, Topology topology)
    {
        var errors = ImmutableArray.CreateBuilder<TraceError>();
        var result = ImmutableArray.CreateBuilder<TraceLine>();
        var scope = new SymbolScope();
        TopologyLine? header = null;
        var knobs = Knobs.Default;
        var meaningful = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var number = i + 1;
            var words = TraceTokens.Split(lines[i]);
            if (words.Length == 0) continue;
            meaningful++;
            var error = LongWord(words) ?? words[0] switch
            {
                "topology" => ParseTopology(number, words, meaningful == 1, ref header),
                "knob" => ParseKnob(number, words, result, ref knobs),
                _ => ParseOperation(number, words, topology, scope, result),
            };
            if (error is not null) errors.Add(new TraceError(number, error));
        }
        return errors.Count > 0
            ? new TraceParse(null, errors.ToImmutable())
            : new TraceParse(new Trace(path, header, result.ToImmutable()), []);
    }

    /// <summary>A word beyond <see cref="MaxWordChars"/> (4,096 for a topology line's path), quoted as an excerpt.</summary>
    private static string? LongWord(string[] words)
    {
        var max = words[0] == "topology" ? 4096 : MaxWordChars;
        var word = words.FirstOrDefault(w => w.Length > max);
        return word is null ? null : $"expected words of at most {max} characters, found '{Actors.Scenarios.Excerpt.Of(word)}'";
    }

    private static string? ParseTopology(int number, string[] words, bool first, ref TopologyLine? header)
    {
        if (!first) return "expected an operation or a knob: `topology` is allowed on the first line only";
        if (words.Length != 2) return "expected `topology NAME-OR-FILE` (a catalogue id, vgem-vkms, or a file), with nothing after it";
        header = new TopologyLine(number, words[1]);
        return null;
    }

    /// <summary>A `knob` line: a known knob and value, consistent with the knob lines before it (7.1 has no move-notify = false).</summary>
    private static string? ParseKnob(int number, string[] words, ImmutableArray<TraceLine>.Builder result, ref Knobs knobs)
    {
        if (words.Length != 3)
            return $"expected `knob NAME VALUE` with a kernel knob ({string.Join(", ", Knobs.Names)}), with nothing after it";
        knobs = knobs.With(words[1], words[2], out var error);
        if (error is not null)
            return Knobs.ValuesOf(words[1]).Contains(words[2])
                ? $"expected knobs that can go together: {error}"
                : $"expected a knob and one of its values: {error}";
        result.Add(new KnobLine(number, words[1], words[2]));
        return null;
    }

    private static string? ParseOperation(int number, string[] words, Topology topology, SymbolScope scope,
        ImmutableArray<TraceLine>.Builder result)
    {
        var op = words[0];
        if (!OperationSyntax.Usage.TryGetValue(op, out var usage))
            return $"expected an operation ({string.Join(", ", OperationSyntax.Names)}), `knob` or a comment, found '{Actors.Scenarios.Excerpt.Of(op)}'";
        var arrow = Array.IndexOf(words, "=>");
        var args = (arrow < 0 ? words[1..] : words[1..arrow]).ToImmutableArray();
        var c = new ArgumentCursor(usage, args, topology, scope);
        var operation = OperationSyntax.Read(op, c);
        c.End();
        var expectations = ImmutableArray<TraceExpectation>.Empty;
        if (c.Error is null && arrow >= 0)
            expectations = ExpectationSyntax.Read(words[(arrow + 1)..], c);
        c.Commit();
        if (c.Error is not null) return c.Error;
        result.Add(new OperationLine(number, op, args, operation!, expectations));
        return null;
    }
}
