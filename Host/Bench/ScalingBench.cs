using System.Diagnostics;
using System.Text;
using Emulation.Actors.Machines;
using Emulation.Actors.Scenarios;
using Emulation.Actors.Uapi;
using Emulation.Host.Replay;
using Emulation.Messages.Scenarios;

namespace Emulation.Host.Bench;

/// <summary>
/// How replay and runs scale (issue 11: nothing grows quadratically). Replays the two trace shapes of
/// docs/performance.md at growing lengths, with the invariant checker after every operation and every JSON line
/// formatted, and runs one machine of growing numbers of clients for two frames without actors (every policy);
/// prints the time of each and the time per operation or per client. Linear costs show as a flat time per unit.
/// </summary>
public static class ScalingBench
{
    /// <summary>The trace shapes: `grow` keeps every buffer (the state grows), `steady` frees each one (it stays small).</summary>
    public static readonly IReadOnlyList<string> Shapes = ["grow", "steady"];

    /// <summary>A trace of about <paramref name="operations"/> operations on T01's devices, as docs/perf/gen-traces.py writes it.</summary>
    public static string[] Trace(string shape, int operations)
    {
        var lines = new List<string> { "topology T01", "open C dgpu render", "open W igpu" };
        for (var i = 0; lines.Count < operations; i++)
        {
            if (shape == "grow")
                lines.AddRange([$"alloc B{i} C 4096 gtt", $"export D{i} C B{i} CLOEXEC|RDWR", $"import I{i} W D{i} 0", $"close-fd D{i}"]);
            else
                lines.AddRange([$"alloc B{i} C 4096 vram", $"export D{i} C B{i} CLOEXEC|RDWR", $"import I{i} W D{i} 0", $"render W I{i}",
                    $"close-fd D{i}", $"close-handle W I{i}", $"close-handle C B{i}"]);
        }
        return [.. lines];
    }

    /// <param name="Operations">Operations replayed.</param>
    /// <param name="Seconds">Parsing and replaying them, invariant checker and JSON formatting included.</param>
    public sealed record ReplayTiming(string Shape, int Operations, double Seconds, int ExitCode);

    public static ReplayTiming Replay(string shape, int operations, Catalogue catalogue)
    {
        var lines = Trace(shape, operations);
        var clock = Stopwatch.StartNew();
        var topology = ScenarioReader.LoadTopology("T01", catalogue);
        var parse = TraceParser.Parse($"{shape}{operations}.seq", lines, topology);
        if (!parse.Ok) throw new InvalidOperationException(string.Join("\n", parse.Errors));
        var bytes = 0L;
        var summary = ReplayEngine.Run(parse.Trace!, topology, [], line => bytes += ReplayJson.Format(line).Length, TextWriter.Null);
        return new ReplayTiming(shape, summary.Operations, clock.Elapsed.TotalSeconds, summary.ExitCode);
    }

    /// <summary>
    /// One machine of T01's topology with <paramref name="clients"/> small clients (kinds, devices and outputs in
    /// turn, as docs/perf/gen-clients.py writes them), two frames, one run per policy.
    /// </summary>
    public static ScenarioSpec ManyClients(int clients, Catalogue catalogue)
    {
        var text = new StringBuilder("scenario {\n  id = many\n  topology = T01\n  machines = 1\n  frames = 2\n  clients = [\n");
        for (var i = 0; i < 12; i++) text.Append(ClientLine(i)).Append('\n');
        var template = ScenarioReader.Parse(text.Append("  ]\n}\n").ToString(), "many.hocon", catalogue);
        return template with { Clients = [.. Enumerable.Range(0, clients).Select(i => template.Clients[i % 12] with { Name = $"c{i}" })] };
    }

    /// <summary>Client i of the many-clients scenario, a line of its `clients` list.</summary>
    public static string ClientLine(int i)
    {
        string[] kinds = ["terminal", "browser", "video", "game"];
        return $"    {{ name = c{i}, kind = {kinds[i % 4]}, device = {(i % 2 == 1 ? "dgpu" : "igpu")}, allocation = sampling-device, " +
               $"buffers = 3, size = 256x256, output = {(i % 3 == 0 ? "hdmi" : "edp")} }}";
    }

    /// <param name="Operations">Kernel operations of all the policies' machines.</param>
    public sealed record RunTiming(int Clients, int Policies, long Operations, double Seconds, long Violations);

    public static RunTiming Run(int clients, Catalogue catalogue)
    {
        var scenario = ManyClients(clients, catalogue);
        var clock = Stopwatch.StartNew();
        long operations = 0, violations = 0;
        foreach (var id in scenario.Policies)
        {
            ImportPolicies.TryParse(id, out var policy);
            var machine = DirectMachine.Start(scenario, policy, 0).RunToEnd();
            operations += machine.Kernel.Operations;
            violations += machine.Kernel.Violations;
        }
        return new RunTiming(clients, scenario.Policies.Length, operations, clock.Elapsed.TotalSeconds, violations);
    }

    /// <summary>The sizes measured: the steps of the table up to <paramref name="largest"/>, and it.</summary>
    public static IReadOnlyList<int> Sizes(IEnumerable<int> steps, int largest) =>
        [.. steps.Where(s => s < largest).Append(largest)];
}
