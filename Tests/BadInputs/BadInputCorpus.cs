using System.Text;

namespace Emulation.Tests.BadInputs;

/// <summary>
/// One hostile or mistaken input: the files it needs (written into a fresh directory, `{dir}` in the arguments
/// names it), the command line, the exit code, and a pattern the first line of standard error must match.
/// Files are built in code, so a 50 MB token or 18,000 levels of nesting cost nothing in the repository.
/// </summary>
public sealed record BadInput(string Name, string[] Args, int Exit, string FirstLine, IReadOnlyDictionary<string, Func<string>> Files)
{
    public override string ToString() => Name;
}

/// <summary>
/// The inputs issue 11 reported as crashing, hanging, wasting work or answering unclearly, and the bounds that
/// answer them. (The 55 malformed-scenario kinds of Tests/Scenarios/MalformedScenarios.cs, the command-line
/// overrides of CommandLineOverrideTests and the trace errors of Tests/Replay hold the same three assertions.)
/// </summary>
public static class BadInputCorpus
{
    private static string Nested(string open, string close, int depth, string inner) =>
        string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));

    private static BadInput Case(string name, string firstLine, int exit, string[] args, params (string File, Func<string> Text)[] files) =>
        new(name, args, exit, firstLine, files.ToDictionary(f => f.File, f => f.Text));

    public static IReadOnlyList<BadInput> All { get; } =
    [
        // ---- nesting: never recursion a file can drive past the stack --------------------------------------
        Case("an object nested 18,000 deep", @"^\{dir\}/s\.hocon: found a syntax error at line 1, column \d+: nesting deeper than 32 levels", 2,
            ["validate", "{dir}/s.hocon"],
            ("s.hocon", () => "scenario { topology = T01, clients = [], x { " + Nested("a { ", " }", 18_000, "a = 1") + " } }\n")),
        Case("100,000 '[' in variation", @"^\{dir\}/s\.hocon: found a syntax error at line 1, column \d+: nesting deeper than 32 levels", 2,
            ["validate", "{dir}/s.hocon"],
            ("s.hocon", () => "scenario { topology = T01, clients = [], variation = " + new string('[', 100_000) + " }\n")),
        Case("a dotted key of 40 segments", @"^\{dir\}/s\.hocon: found a syntax error at line 1, column \d+: nesting deeper than 32 levels", 2,
            ["validate", "{dir}/s.hocon"],
            ("s.hocon", () => "scenario { topology = T01, clients = [], " + string.Join(".", Enumerable.Repeat("a", 40)) + " = 1 }\n")),
        Case("a trace whose topology names a file nested 18,000 deep",
            @"^\{dir\}/t\.seq:1: topology: \{dir\}/deep\.hocon: found a syntax error at line 2, column \d+: nesting deeper than 32 levels", 2,
            ["replay", "{dir}/t.seq"],
            ("t.seq", () => "topology deep.hocon\nopen A a\n"),
            ("deep.hocon", () => "topology { devices = [ { id = a, driver = i915 } ]\n x { " + Nested("a { ", " }", 18_000, "a = 1") + " } }\n")),

        // ---- sizes: reading stops at a bound ----------------------------------------------------------------
        Case("validate /dev/zero", @"^/dev/zero: found a character device, expected a scenario file: a regular file, or '-' for standard input$", 2,
            ["validate", "/dev/zero"]),
        Case("replay /dev/urandom", @"^/dev/urandom: found a character device, expected a trace \(\.seq\)", 2,
            ["replay", "/dev/urandom"]),
        Case("a scenario of 50 MB (one token)", @"^\{dir\}/s\.hocon: found 50,000,\d+ bytes, expected a scenario file of at most 4,194,304 characters \(4 MiB\)$", 2,
            ["validate", "{dir}/s.hocon"],
            ("s.hocon", () => "scenario { topology = T01, clients = [], name = " + new string('x', 50_000_000) + " }\n")),
        Case("a value of 5,000 characters is quoted as an excerpt",
            @"^\{dir\}/s\.hocon: found a syntax error at line 1, column \d+: a value of 5,000 characters, longer than the 4,096 allowed \('x{48}\.\.\. \(65 characters\)'\)", 2,
            ["validate", "{dir}/s.hocon"],
            ("s.hocon", () => "scenario { topology = T01, clients = [], name = " + new string('x', 5_000) + " }\n")),
        Case("a trace of random bytes lists 20 lines and counts the rest",
            @"^\{dir\}/t\.seq:1: expected an operation \(open, create", 2,
            ["replay", "{dir}/t.seq"],
            ("t.seq", () => RandomLines(200_000))),
        Case("a trace of more than a million lines", @"^\{dir\}/t\.seq: found 1,000,002 lines, expected a trace of at most 1,000,000 lines$", 2,
            ["replay", "{dir}/t.seq"],
            ("t.seq", () => new string('\n', 1_000_001))),
        Case("a trace word of 10,000 characters", @"^\{dir\}/t\.seq:2: expected words of at most 128 characters, found 'BBBB[B]{44}\.\.\. \(10,000 characters\)'$", 2,
            ["replay", "{dir}/t.seq"],
            ("t.seq", () => "open A vgem\ncreate " + new string('B', 10_000) + " A 64 64 32\n")),
        Case("an empty trace", @"^\{dir\}/t\.seq: found no operation, expected a trace with at least one", 2,
            ["replay", "{dir}/t.seq"],
            ("t.seq", () => "# only a comment\n\n")),
        Case("a trace error names the file and the line", @"^\{dir\}/t\.seq:3: expected a device of the topology", 2,
            ["replay", "{dir}/t.seq"],
            ("t.seq", () => "open A vgem\n\nopen B nowhere\n")),

        // ---- counts ------------------------------------------------------------------------------------------
        Case("--machines 10,000,000", @"^--machines: expected a whole number from 1 to 100000, found '10000000'$", 2,
            ["run", "T01", "--machines", "10000000"]),
        Case("--machines abc names no .NET type", @"^--machines: expected a whole number from 1 to 100000, found 'abc'$", 2,
            ["run", "T01", "--machines", "abc"]),
        Case("--frames beyond the bound", @"^--frames: expected a whole number from 1 to 1000000, found '2000000'$", 2,
            ["validate", "T01", "--frames", "2000000"]),
        Case("machines x frames x policies beyond the bound",
            @"^\S+T01\S*\.hocon: with the command line's options: found 100,000 machines x 100,000 frames x 7 policies = 70,000,000,000 machine-frames, expected at most 250,000,000", 2,
            ["run", "T01", "--machines", "100000", "--frames", "100000"]),
        Case("5,000 clients on one machine", @"^\{dir\}/s\.hocon: scenario\.clients: found 5,000 clients, expected at most 4,096 clients on one machine$", 2,
            ["validate", "{dir}/s.hocon"],
            ("s.hocon", () => "scenario { topology = T01, clients = [ " +
                              string.Join(", ", Enumerable.Range(0, 5_000).Select(i => $"{{ name = c{i}, output = hdmi }}")) + " ] }\n")),
        Case("a seed beyond the range states the range",
            @"^\{dir\}/s\.hocon: scenario\.seed: found '99999999999999999999', expected a whole number from 0 to 9223372036854775807$", 2,
            ["validate", "{dir}/s.hocon"],
            ("s.hocon", () => "scenario { topology = T01, seed = 99999999999999999999, clients = [] }\n")),
        Case("bench --machines 2,000,000", @"^--machines: expected a whole number from 10 to 100000, found '2000000'$", 2,
            ["bench", "--machines", "2000000"]),
        Case("--timeout 0", @"^--timeout: expected a whole number from 1 to 604800, found '0'$", 2,
            ["run", "T01", "--timeout", "0"]),

        // ---- the command line --------------------------------------------------------------------------------
        Case("an unknown verb names itself and the verbs", @"^unknown verb 'frobnicate', expected one of: run, compare, list, validate, replay, node, cluster, bench$", 2,
            ["frobnicate"]),
        Case("no verb", @"^expected a verb \(run, compare, list, validate, replay, node, cluster, bench\)$", 2, []),
        Case("a bool flag given a value", @"^unknown option or argument 'abc'$", 2, ["run", "T01", "--quiet", "abc"]),

        // ---- paths: judged before any work -------------------------------------------------------------------
        Case("a directory as the scenario", @"^\{dir\}: found a directory, expected a scenario file: a regular file, or '-' for standard input$", 2,
            ["validate", "{dir}"]),
        Case("a directory as the trace", @"^\{dir\}: found a directory, expected a trace \(\.seq\)", 2,
            ["replay", "{dir}"]),
        Case("--json into a missing directory", @"^--json \{dir\}/missing/x\.json: expected a file to write, '-' for standard output, or /dev/null in an existing directory, found no directory \{dir\}/missing$", 2,
            ["run", "T01", "--json", "{dir}/missing/x.json"]),
        Case("--json /dev/full", @"^--json /dev/full: expected a file to write, '-' for standard output, or /dev/null, found a character device$", 2,
            ["run", "T01", "--json", "/dev/full"]),
        Case("--json naming a directory", @"^--json \{dir\}: expected a file to write, '-' for standard output, or /dev/null, found a directory$", 2,
            ["run", "T01", "--json", "{dir}"]),
        Case("--machines-out naming a directory", @"^--machines-out \{dir\}: expected a file to write, '-' for standard output, or /dev/null, found a directory$", 2,
            ["compare", "T01", "--machines-out", "{dir}"]),
        Case("replay --json into a missing directory", @"^--json \{dir\}/no/x\.jsonl: expected a file to write", 2,
            ["replay", "{dir}/t.seq", "--json", "{dir}/no/x.jsonl"],
            ("t.seq", () => "open A vgem\n")),
        Case("--json - and --machines-out - together", @"^--json - and --machines-out -: expected at most one of them on standard output$", 2,
            ["run", "T01", "--json", "-", "--machines-out", "-"]),
    ];

    /// <summary>Lines of printable junk, like a binary file read as text (deterministic).</summary>
    private static string RandomLines(int bytes)
    {
        var random = new Random(11);
        var text = new StringBuilder(bytes);
        for (var i = 0; i < bytes; i++) text.Append(random.Next(12) == 0 ? '\n' : (char)random.Next(33, 127));
        return text.ToString().Replace('#', '%');
    }
}
