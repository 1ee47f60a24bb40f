using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Emulation.Actors.Machines;

namespace Emulation.Host.Reports;

/// <summary>
/// The JSON report: `schema`, a `results` object that is a pure function of the scenario, seed, sizes and
/// knobs (policies in their documented order, maps sorted by key, integer microseconds), and a `run` object that
/// is not. Written with System.Text.Json from the records below (kebab-case names) and, for each policy's
/// figures, from the metric definitions (<see cref="MetricJson"/>).
/// </summary>
public static class ReportWriter
{
    public const int Schema = 2;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Default,
    };

    public static string Write(ScenarioOutcome outcome, RunInfo run) =>
        JsonSerializer.Serialize(new ReportDocument(Schema, Results(outcome), Run(run)), Options) + "\n";

    /// <summary>Only the `results` object (the determinism tests compare these).</summary>
    public static string WriteResults(ScenarioOutcome outcome) => JsonSerializer.Serialize(Results(outcome), Options);

    private static ResultsDocument Results(ScenarioOutcome outcome)
    {
        var s = outcome.Scenario;
        var policies = new JsonObject();
        foreach (var p in outcome.Policies) policies[p.Policy] = MetricJson.Of(p.Totals, s.Topology);
        return new ResultsDocument(s.Id, s.Name, s.Seed, s.Machines, s.Frames,
            new SortedDictionary<string, string>(s.Knobs.AsPairs().ToDictionary(), StringComparer.Ordinal),
            policies,
            [.. outcome.Expectations.Select(e => new ExpectationDocument(e.Policy, e.Expectation.Text, e.Actual, e.Pass))]);
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
        JsonObject Policies,
        IReadOnlyList<ExpectationDocument> Expectations);

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
