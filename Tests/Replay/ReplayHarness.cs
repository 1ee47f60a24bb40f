using System.Collections.Immutable;
using System.Text.Json;
using Emulation.Host.Cli;
using Emulation.Host.Replay;
using Emulation.Actors.Uapi;

namespace Emulation.Tests.Replay;

/// <summary>Runs traces the ways the product does: from text on a topology (engine), from a file (the verb), or the CLI.</summary>
internal static class ReplayHarness
{
    /// <summary>The hybrid laptop of traces/topologies (T01's shape), built in code.</summary>
    public static readonly Topology Laptop = new("laptop",
    [
        DeviceSpec.Create("igpu", DeviceKind.RenderDisplay, DriverProfile.I915, "edp"),
        DeviceSpec.Create("dgpu", DeviceKind.RenderDisplay, DriverProfile.Amdgpu, "hdmi"),
    ], [], SystemMemory.Default);

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string TracesDirectory => Path.Combine(RepoRoot, "traces");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Emulation.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Emulation.sln above {AppContext.BaseDirectory}");
    }

    public static TraceParse Parse(string text, Topology? topology = null) =>
        TraceParser.Parse("test.seq", Lines(text), topology ?? Topology.VgemVkms);

    /// <summary>Parses (asserting it is well-formed) and replays on a topology, collecting the lines.</summary>
    public static EngineRun Run(string text, Topology? topology = null, InvariantCheck? check = null,
        params (string Name, string Value)[] knobOverrides)
    {
        topology ??= Topology.VgemVkms;
        var parse = TraceParser.Parse("test.seq", Lines(text), topology);
        Assert.True(parse.Ok, string.Join("\n", parse.Errors));
        var lines = new List<ReplayLine>();
        var diagnostics = new StringWriter();
        var summary = ReplayEngine.Run(parse.Trace!, topology,
            knobOverrides.Select(k => new KeyValuePair<string, string>(k.Name, k.Value)).ToList(), lines.Add, diagnostics, check);
        return new EngineRun(summary, lines, diagnostics.ToString());
    }

    /// <summary>Writes the trace to a temporary file and runs the `replay` verb end to end.</summary>
    public static VerbRun RunFile(string text, string? topology = null, IReadOnlyList<string>? knobs = null, InvariantCheck? check = null)
    {
        var path = TempTrace(text);
        try
        {
            return RunPath(path, topology, knobs, check);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static VerbRun RunPath(string path, string? topology = null, IReadOnlyList<string>? knobs = null, InvariantCheck? check = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Replayer.Run(new ReplayRequest(path, topology, knobs), stdout, stderr, check);
        return new VerbRun(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The `emulation` command in-process.</summary>
    public static VerbRun Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = EmulationCli.Run(args, stdout, stderr);
        return new VerbRun(exit, stdout.ToString(), stderr.ToString());
    }

    public static string TempTrace(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"replay-{Guid.NewGuid():N}.seq");
        File.WriteAllText(path, text);
        return path;
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n").Split('\n');
}

internal sealed record EngineRun(ReplaySummary Summary, IReadOnlyList<ReplayLine> Lines, string Diagnostics)
{
    public ReplayLine At(int line) => Lines.Single(l => l.Line == line);

    public ReplayLine Op(int i) => Lines[i - 1];
}

internal sealed record VerbRun(int Exit, string Stdout, string Stderr)
{
    public ImmutableArray<JsonElement> Json =>
        [.. Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
}
