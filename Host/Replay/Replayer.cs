using Emulation.Actors.Scenarios;
using Emulation.Host.Cli;
using Emulation.Actors.Uapi;

namespace Emulation.Host.Replay;

/// <summary>What `replay` was asked to do.</summary>
/// <param name="Topology">`--topology`: overrides the trace's `topology` header.</param>
/// <param name="Knobs">`--knob NAME=VALUE` options, in order.</param>
/// <param name="JsonPath">`--json FILE`: the JSON lines go there instead of standard output.</param>
public sealed record ReplayRequest(string TracePath, string? Topology = null, IReadOnlyList<string>? Knobs = null, string? JsonPath = null);

/// <summary>
/// The `replay` verb end to end: reads the options and the whole trace, picks the topology (the
/// command line's, else the header's, else `vgem-vkms`), parses every line against it, then replays.
/// Anything wrong before the first operation is bad input (exit 2) and prints no operation line.
/// </summary>
public static class Replayer
{
    public static int Run(ReplayRequest request, TextWriter stdout, TextWriter stderr,
        InvariantCheck? check = null, Catalogue? catalogue = null)
    {
        catalogue ??= Catalogue.Default;
        var overrides = KnobOptions.Parse(request.Knobs ?? [], stderr);
        if (overrides is null) return ExitCodes.BadInput;

        string[] lines;
        try
        {
            lines = File.ReadAllLines(request.TracePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"{request.TracePath}: cannot read the trace ({e.Message}); expected a readable .seq file");
            return ExitCodes.BadInput;
        }

        var topology = LoadTopology(request, lines, catalogue, stderr);
        if (topology is null) return ExitCodes.BadInput;

        var parse = TraceParser.Parse(request.TracePath, lines, topology);
        if (!parse.Ok)
        {
            foreach (var error in parse.Errors) stderr.WriteLine(error);
            return ExitCodes.BadInput;
        }

        if (ReplayEngine.CheckKnobs(parse.Trace!, overrides) is { } knobError)
        {
            stderr.WriteLine($"{request.TracePath}: {knobError}");
            return ExitCodes.BadInput;
        }

        TextWriter output = stdout;
        StreamWriter? file = null;
        if (request.JsonPath is not null)
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
                output.Flush();
            }, stderr, check);
            if (summary.FailedLines > 0) stderr.WriteLine($"{summary.FailedLines} line(s) with expectations that did not hold");
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
    private static Topology? LoadTopology(ReplayRequest request, string[] lines, Catalogue catalogue, TextWriter stderr)
    {
        var header = request.Topology is null ? TraceParser.FindTopologyHeader(lines) : null;
        var name = request.Topology ?? header?.NameOrFile ?? Catalogue.VgemVkms;
        if (header is not null && !Path.IsPathRooted(name))
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
            var where = header is not null ? $"{header.Number}: topology: " : request.Topology is not null ? "--topology: " : "";
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
