using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Emulation.Actors.Machines;
using Emulation.Actors.Userspace;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;

namespace Emulation.Host.Reports;

/// <summary>
/// The JSON report: `schema`, a `results` object that is a pure function of the scenario, seed, sizes and
/// knobs (policies in their documented order, maps sorted by key, integer microseconds), and a `run` object that
/// is not. Written with System.Text.Json from the records below (kebab-case names) and, for each policy's
/// figures, from the metric definitions (<see cref="MetricJson"/>). `results.per-machine` lists each machine's
/// variation draw and figures under every policy, unless they go to a separate JSON-lines file
/// (<see cref="WriteMachines"/>: `--machines-out`, and always beyond <see cref="InlineMachinesLimit"/> machines).
/// </summary>
public static class ReportWriter
{
    public const int Schema = 3;

    /// <summary>Above this many machines, per-machine figures are not written inline (a 100,000-machine report would
    /// run to hundreds of megabytes); `--machines-out FILE.jsonl` writes them a line per machine.</summary>
    public const int InlineMachinesLimit = 1000;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Default,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly JsonSerializerOptions LineOptions = new(Options) { WriteIndented = false };

    public static string Write(ScenarioOutcome outcome, RunInfo run, bool machinesInline = true) =>
        JsonSerializer.Serialize(new ReportDocument(Schema, Results(outcome, machinesInline), Run(run)), Options) + "\n";

    /// <summary>Only the `results` object (the determinism tests compare these).</summary>
    public static string WriteResults(ScenarioOutcome outcome) => JsonSerializer.Serialize(Results(outcome, true), Options);

    /// <summary>Whether the report carries per-machine figures inline, given whether a machines file was asked for.</summary>
    public static bool MachinesInline(ScenarioOutcome outcome, bool machinesFile) =>
        !machinesFile && outcome.Scenario.Machines <= InlineMachinesLimit;

    /// <summary>Each machine's variation draw and figures, one JSON object per line, in machine order.</summary>
    public static void WriteMachines(ScenarioOutcome outcome, TextWriter writer)
    {
        foreach (var machine in Machines(outcome))
            writer.Write(JsonSerializer.Serialize(machine, LineOptions) + "\n");
    }

    private static IEnumerable<MachineDocument> Machines(ScenarioOutcome outcome)
    {
        var s = outcome.Scenario;
        var context = new MetricContext(s.Topology, s.Frames);
        for (var i = 0; i < s.Machines; i++)
        {
            var setup = MachineVariation.For(s, i);
            var variation = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var draw in setup.Drawn)
            {
                var eq = draw.IndexOf('=');
                variation[draw[..eq]] = draw[(eq + 1)..];
            }
            var policies = new JsonObject();
            foreach (var p in outcome.Policies) policies[p.Policy] = MetricJson.Of(p.Machines[i], context with { Topology = setup.Topology });
            yield return new MachineDocument(i, variation, policies);
        }
    }

    private static ResultsDocument Results(ScenarioOutcome outcome, bool machinesInline)
    {
        var s = outcome.Scenario;
        var policies = new JsonObject();
        foreach (var p in outcome.Policies) policies[p.Policy] = MetricJson.Of(p.Totals, outcome.Context);
        return new ResultsDocument(s.Id, s.Name, s.Seed, s.Machines, s.Frames,
            new SortedDictionary<string, string>(s.Knobs.AsPairs().ToDictionary(), StringComparer.Ordinal),
            CompositorDocument.Of(s),
            policies,
            [.. outcome.Expectations.Select(e => new ExpectationDocument(e.Policy, e.Expectation.Text, e.Actual, e.Pass))],
            machinesInline ? [.. Machines(outcome)] : null);
    }

    private static RunDocument Run(RunInfo run) => new(
        run.Started.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        (long)run.Duration.TotalMilliseconds, run.Host, run.Nodes, run.Faults, run.RerunMachines, run.InvariantDetails);

    private sealed record ReportDocument(int Schema, ResultsDocument Results, RunDocument Run);

    private sealed record ResultsDocument(
        string Scenario,
        string Name,
        ulong Seed,
        int Machines,
        int Frames,
        SortedDictionary<string, string> Knobs,
        CompositorDocument Compositor,
        JsonObject Policies,
        IReadOnlyList<ExpectationDocument> Expectations,
        IReadOnlyList<MachineDocument>? PerMachine);

    /// <summary>The compositor's choices that decide a result: its primary preset and the device it picks, where it renders.</summary>
    private sealed record CompositorDocument(string Primary, string? PrimaryDevice, string Render)
    {
        public static CompositorDocument Of(ScenarioSpec s) => new(
            CompositorSpec.PrimaryIds[(int)s.Compositor.Primary],
            PrimarySelection.Choose(s.Topology,
                new HashSet<int>(Enumerable.Range(0, s.Topology.Devices.Length).Where(d => s.Topology.Devices[d].InitiallyPresent)),
                s.Compositor.Primary) is { } d ? s.Topology.Devices[d].Id : null,
            CompositorSpec.RenderIds[(int)s.Compositor.Render]);
    }

    private sealed record MachineDocument(int Index, SortedDictionary<string, string> Variation, JsonObject Policies);

    private sealed record ExpectationDocument(string Policy, string Predicate, double Actual, bool Pass);

    private sealed record RunDocument(
        string Started,
        long DurationMs,
        string Host,
        IReadOnlyList<string> Nodes,
        IReadOnlyList<string> Faults,
        IReadOnlyList<string> RerunMachines,
        IReadOnlyList<string> InvariantViolations);
}
