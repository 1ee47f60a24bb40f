using System.Text;
using System.Text.Json;
using Emulation.Actors.Machines;
using Emulation.Actors.Scenarios;
using Emulation.Actors.Uapi;
using Emulation.Messages.Machines;

namespace Emulation.Host.Reports;

/// <summary>
/// The JSON report (conventions.md): `schema`, a `results` object that is a pure function of the
/// scenario, seed, sizes and knobs (policies in the spec's order, maps sorted by key, integer
/// microseconds), and a `run` object that is not.
/// </summary>
public static class ReportWriter
{
    public const int Schema = 1;

    public static string Write(ScenarioOutcome outcome, RunInfo run)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("schema", Schema);
            w.WritePropertyName("results");
            WriteResults(w, outcome);
            w.WritePropertyName("run");
            WriteRun(w, run);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Only the `results` object, as bytes (the determinism tests compare these).</summary>
    public static string WriteResults(ScenarioOutcome outcome)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            WriteResults(w, outcome);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteResults(Utf8JsonWriter w, ScenarioOutcome outcome)
    {
        var s = outcome.Scenario;
        w.WriteStartObject();
        w.WriteString("scenario", s.Id);
        w.WriteString("name", s.Name);
        w.WriteNumber("seed", s.Seed);
        w.WriteNumber("machines", s.Machines);
        w.WriteNumber("frames", s.Frames);
        w.WriteStartObject("knobs");
        foreach (var (name, value) in s.Knobs.AsPairs().OrderBy(p => p.Key, StringComparer.Ordinal))
            w.WriteString(name, value);
        w.WriteEndObject();
        w.WriteStartObject("policies");
        foreach (var p in outcome.Policies)
        {
            w.WritePropertyName(p.Policy);
            WriteMetrics(w, p.Totals, s.Topology);
        }
        w.WriteEndObject();
        w.WriteStartArray("expectations");
        foreach (var e in outcome.Expectations)
        {
            w.WriteStartObject();
            w.WriteString("policy", e.Policy);
            w.WriteString("predicate", e.Expectation.Text);
            w.WriteNumber("actual", e.Actual);
            w.WriteBoolean("pass", e.Pass);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteMetrics(Utf8JsonWriter w, MachineMetrics m, Topology topology)
    {
        w.WriteStartObject();
        w.WriteStartObject("imports");
        w.WriteNumber("clean", m.ImportsClean);
        w.WriteNumber("migrated", m.ImportsMigrated);
        w.WriteNumber("pinned", m.ImportsPinned);
        w.WriteStartObject("failed");
        // Every errno, zeros included, so a reader can always look one up.
        var failed = Enum.GetValues<Errno>().Where(e => e != Errno.None)
            .Select(e => (Key: e.ToString(), Value: m.ImportsFailed[(int)e]))
            .Append(("total", m.ImportsFailedTotal))
            .OrderBy(x => x.Item1, StringComparer.Ordinal);
        foreach (var (key, value) in failed) w.WriteNumber(key, value);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteNumber("import-migrations", m.ImportMigrations);
        w.WriteNumber("eviction-migrations", m.EvictionMigrations);
        w.WriteNumber("validate-migrations", m.ValidateMigrations);
        w.WriteNumber("migrations", m.Migrations);
        w.WriteNumber("bytes-moved", m.BytesMoved);
        w.WriteNumber("pinned-in-system", m.PinnedInSystem);
        w.WriteNumber("evictions", m.Evictions);
        w.WriteNumber("move-notifies", m.MoveNotifies);
        w.WriteNumber("ping-pong-cycles", m.PingPongCycles);
        w.WriteStartObject("copies");
        foreach (var (rung, i) in MetricNames.CopyRungs.Select((r, i) => (r, i)).OrderBy(x => x.r, StringComparer.Ordinal))
            w.WriteNumber(rung, m.Copies[i]);
        w.WriteEndObject();
        w.WriteNumber("bytes-copied", m.BytesCopied);
        w.WriteStartObject("gpu-us");
        foreach (var (device, i) in topology.Devices.Select((d, i) => (d.Id, i)).OrderBy(x => x.Id, StringComparer.Ordinal))
            w.WriteNumber(device, m.GpuNanos[i] / 1000);
        w.WriteEndObject();
        w.WriteNumber("cpu-us", m.CpuNanos / 1000);
        w.WriteStartObject("missed-frames");
        foreach (var (output, i) in topology.AllOutputs.Select((o, i) => (o.Name, i)).OrderBy(x => x.Name, StringComparer.Ordinal))
            w.WriteNumber(output, m.MissedFrames[i]);
        w.WriteEndObject();
        w.WriteNumber("invariant-violations", m.InvariantViolations);
        w.WriteEndObject();
    }

    private static void WriteRun(Utf8JsonWriter w, RunInfo run)
    {
        w.WriteStartObject();
        w.WriteString("started", run.Started.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        w.WriteNumber("duration-ms", (long)run.Duration.TotalMilliseconds);
        w.WriteString("host", run.Host);
        WriteStrings(w, "nodes", run.Nodes);
        WriteStrings(w, "faults", run.Faults);
        WriteStrings(w, "rerun-machines", run.RerunMachines);
        WriteStrings(w, "invariant-violations", run.InvariantDetails);
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
