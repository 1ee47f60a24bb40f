using Emulation.Actors.Scenarios;
using Emulation.Host.Cli;
using Emulation.Actors.Uapi;

namespace Emulation.Host.Replay;

/// <summary>What `replay` was asked to do.</summary>
/// <param name="Topology">`--topology`: overrides the trace's `topology` header.</param>
/// <param name="Knobs">`--knob NAME=VALUE` options, in order.</param>
/// <param name="JsonPath">`--json FILE`: the JSON lines go there instead of standard output.</param>
/// <param name="TracePath">The trace file, or `-` for standard input.</param>
public sealed record ReplayRequest(string TracePath, string? Topology = null, IReadOnlyList<string>? Knobs = null, string? JsonPath = null);

/// <summary>
/// The `replay` verb end to end: reads the options and the whole trace, picks the topology (the
/// command line's, else the header's, else `vgem-vkms`), parses every line against it, then replays.
/// Anything wrong before the first operation is bad input (exit 2) and prints no operation line. Errors
/// name the trace and the line (`FILE:LINE: ...`).
/// </summary>
public static class Replayer
{
    /// <summary>How many malformed lines are listed before the rest are only counted.</summary>
    public const int ErrorsListed = 20;

    public static int Run(ReplayRequest request, TextWriter stdout, TextWriter stderr,
        InvariantCheck? check = null, Catalogue? catalogue = null, TextReader? standardInput = null)
    {
        catalogue ??= Catalogue.Default;
        var overrides = KnobOptions.Parse(request.Knobs ?? [], stderr);
        if (overrides is null) return ExitCodes.BadInput;
        if (request.JsonPath is { } jsonPath && jsonPath != "-" && OutputPaths.Problem(jsonPath) is { } outputProblem)
        {
            stderr.WriteLine($"--json {jsonPath}: {outputProblem}");
            return ExitCodes.BadInput;
        }

        var name = request.TracePath == InputFiles.StandardInput ? InputFiles.StandardInputName : request.TracePath;
        var text = InputFiles.TryRead(request.TracePath, InputFiles.MaxTraceChars, "a trace (.seq)", out var problem, standardInput);
        if (text is null)
        {
            stderr.WriteLine($"{name}: found {problem!.Found}, expected {problem.Expected}");
            return ExitCodes.BadInput;
        }
        var lines = text.Split('\n');
        if (lines.Length > TraceParser.MaxLines)
        {
            stderr.WriteLine($"{name}: found {lines.Length:N0} lines, expected a trace of at most {TraceParser.MaxLines:N0} lines");
            return ExitCodes.BadInput;
        }

        var topology = LoadTopology(request, name, lines, catalogue, stderr);
        if (topology is null) return ExitCodes.BadInput;

        var parse = TraceParser.Parse(name, lines, topology);
        if (!parse.Ok)
        {
            foreach (var error in parse.Errors.Take(ErrorsListed)) stderr.WriteLine($"{name}:{error}");
            if (parse.Errors.Length > ErrorsListed)
                stderr.WriteLine($"{name}: {parse.Errors.Length - ErrorsListed:N0} more malformed lines not listed");
            return ExitCodes.BadInput;
        }
        if (parse.Trace!.Lines.All(l => l is not OperationLine))
        {
            stderr.WriteLine($"{name}: found no operation, expected a trace with at least one (docs/traces.md)");
            return ExitCodes.BadInput;
        }

        if (ReplayEngine.CheckKnobs(parse.Trace!, overrides) is { } knobError)
        {
            stderr.WriteLine(knobError.StartsWith("--", StringComparison.Ordinal) ? knobError : $"{name}:{knobError}");
            return ExitCodes.BadInput;
        }

        TextWriter output = stdout;
        StreamWriter? file = null;
        if (request.JsonPath is not null and not "-")
        {
            try
            {
                output = file = new StreamWriter(request.JsonPath, append: false) { NewLine = "\n" };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                stderr.WriteLine($"--json {request.JsonPath}: cannot write ({e.Message}); expected a writable file path");
                return ExitCodes.BadInput;
            }
        }
        try
        {
            var summary = ReplayEngine.Run(parse.Trace!, topology, overrides, line =>
            {
                output.Write(ReplayJson.Format(line));
                output.Write('\n');
                if (!line.Pass)
                    stderr.WriteLine($"{name}:{line.Line}: expectation did not hold: {string.Join(" ", line.Failed.Select(Excerpt.Of))}");
            }, stderr, check);
            output.Flush();
            if (summary.FailedLines > 0) stderr.WriteLine($"{name}: {summary.FailedLines} line(s) with expectations that did not hold");
            return summary.ExitCode;
        }
        finally
        {
            file?.Dispose();
        }
    }

    /// <summary>`--knob NAME=VALUE` options, each checked against the kernel's knobs; null (after saying why) when one is bad.</summary>
    /// <summary>
    /// The topology to replay on: `--topology` (a catalogue id, vgem-vkms or a file, relative to the
    /// working directory), else the header's (a file relative to the trace's directory first), else vgem-vkms.
    /// </summary>
    private static Topology? LoadTopology(ReplayRequest request, string traceName, string[] lines, Catalogue catalogue, TextWriter stderr)
    {
        var header = request.Topology is null ? TraceParser.FindTopologyHeader(lines) : null;
        var name = request.Topology ?? header?.NameOrFile ?? Catalogue.VgemVkms;
        if (header is not null && !Path.IsPathRooted(name) && request.TracePath != InputFiles.StandardInput)
        {
            var besideTrace = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(request.TracePath)) ?? "", name);
            if (File.Exists(besideTrace)) name = besideTrace;
        }
        try
        {
            return ScenarioReader.LoadTopology(name, catalogue);
        }
        catch (ScenarioException e)
        {
            var where = header is not null ? $"{traceName}:{header.Number}: topology: " : request.Topology is not null ? "--topology: " : "";
            foreach (var error in e.Errors) stderr.WriteLine(where + error);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{name}: cannot read the topology ({e.Message})");
            return null;
        }
    }
}
