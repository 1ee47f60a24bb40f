using System.CommandLine;
using Emulation.Actors.Machines;
using Emulation.Host.Reports;
using Emulation.Host.Runs;
using Emulation.Messages.Scenarios;

namespace Emulation.Host.Cli;

/// <summary>
/// `run` and `compare`: run every policy of a scenario on a single-node embedded cluster. `run` prints the
/// JSON report (or writes it to `--json FILE`); `compare` prints the comparison table (and writes `--json`
/// when asked). Exit 0 when every expectation held, 1 when one failed, 3 when the invariant checker fired
/// (the report is still written), 4 when the run gave up.
/// </summary>
public sealed class RunCommand(bool table) : IVerb
{
    public static RunCommand Run() => new(table: false);

    public static RunCommand Compare() => new(table: true);

    public Command Build()
    {
        var input = new ScenarioInput();
        var json = new Option<string>("--json") { Description = "Write the JSON report to FILE." };
        var timeout = WholeNumberOption.Int("--timeout", 1, MaxTimeoutSeconds, "Give up (exit 4) after this many seconds (default 1800)");
        var machinesOut = new Option<string>("--machines-out")
        {
            Description = "Write each machine's variation draw and figures to FILE, one JSON object per line, instead of into " +
                          $"the report (always so above {ReportWriter.InlineMachinesLimit} machines). '-' is standard output.",
        };
        var cluster = new Option<string>("--cluster") { Description = "Run on the workers of a running cluster: the address of any member (akka.tcp://emulation@HOST:PORT)." };
        var nodes = WholeNumberOption.Int("--nodes", 1, MaxNodes, "Start this many local worker processes for the run and stop them after it");
        var chaos = new Option<bool>("--chaos")
        {
            Description = "Inject faults while the run goes (the results must not change). With --nodes: a slowed link, a short blackhole, " +
                          "a paused worker, a crash and (3+ workers) a leave; with --cluster: a crash and a leave.",
        };
        var by = new Option<string>("--by") { Description = "Also print the table per value of a variation axis (e.g. dgpu.vram)." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress on standard error." };
        var logLevel = new Option<string>("--log-level") { Description = "Akka's log level on standard error: OFF, ERROR, WARNING (default), INFO, DEBUG." };
        var command = table
            ? new Command("compare", "Run a scenario's policies and print them side by side in a table.")
            : new Command("run", "Run a scenario's policies and print the JSON report.");
        input.AddTo(command);
        command.Add(json);
        command.Add(timeout);
        command.Add(machinesOut);
        command.Add(quiet);
        command.Add(logLevel);
        command.Add(cluster);
        command.Add(nodes);
        command.Add(chaos);
        if (table) command.Add(by);
        command.SetAction(result =>
        {
            var stdout = result.InvocationConfiguration.Output;
            var stderr = result.InvocationConfiguration.Error;
            var scenario = input.Load(result, stderr);
            if (scenario is null) return ExitCodes.BadInput;
            var options = RunOptions.Default;
            if (result.GetValue(timeout) is { } seconds) options = options with { Timeout = TimeSpan.FromSeconds(seconds) };
            if (result.GetValue(logLevel) is { } level)
            {
                if (!LogLevels.Contains(level.ToUpperInvariant()))
                {
                    stderr.WriteLine($"--log-level {level}: expected one of {string.Join(", ", LogLevels)}");
                    return ExitCodes.BadInput;
                }
                options = options with { LogLevel = level.ToUpperInvariant() };
            }
            if (result.GetValue(cluster) is { } seed)
            {
                if (ClusterAddress.Problem(seed) is { } problem)
                {
                    stderr.WriteLine($"--cluster {seed}: {problem}");
                    return ExitCodes.BadInput;
                }
                options = options with { Cluster = seed };
            }
            if (result.GetValue(nodes) is { } count) options = options with { Nodes = count };
            if (options.Cluster is not null && options.Nodes > 0)
            {
                stderr.WriteLine("--cluster and --nodes: expected one of them (a running cluster, or workers started for this run)");
                return ExitCodes.BadInput;
            }
            if (result.GetValue(chaos))
            {
                if (options.Nodes < 2 && options.Cluster is null)
                {
                    stderr.WriteLine("--chaos: expected --nodes 2 or more, or --cluster SEED (faults are injected into the workers; one must survive)");
                    return ExitCodes.BadInput;
                }
                options = options with { Chaos = true };
            }
            var axis = table ? result.GetValue(by) : null;
            if (axis is not null && !ComparisonTable.Axes(scenario).Contains(axis))
            {
                var axes = ComparisonTable.Axes(scenario);
                stderr.WriteLine($"--by {axis}: expected a variation axis of {scenario.Id} " +
                                 (axes.Count == 0 ? "(it has no variation block)" : $"({string.Join(", ", axes)})"));
                return ExitCodes.BadInput;
            }
            return Execute(scenario, options, result.GetValue(json), result.GetValue(machinesOut), axis, result.GetValue(quiet), stdout, stderr);
        });
        return command;
    }

    /// <summary>Local worker processes of one run: a few per core is already more than 2 cores can feed.</summary>
    private const int MaxNodes = 32;

    /// <summary>A week: the longest a run may be given before it gives up.</summary>
    private const int MaxTimeoutSeconds = 7 * 24 * 3600;

    private static readonly string[] LogLevels = ["OFF", "ERROR", "WARNING", "INFO", "DEBUG"];

    private int Execute(ScenarioSpec scenario, RunOptions options, string? jsonPath, string? machinesPath, string? by, bool quiet,
        TextWriter stdout, TextWriter stderr)
    {
        if (jsonPath == "-" && machinesPath == "-")
        {
            stderr.WriteLine("--json - and --machines-out -: expected at most one of them on standard output");
            return ExitCodes.BadInput;
        }
        foreach (var (option, path) in new[] { ("--json", jsonPath), ("--machines-out", machinesPath) })
            if (path is not null && path != "-" && OutputPaths.Problem(path) is { } problem)
            {
                stderr.WriteLine($"{option} {path}: {problem}");
                return ExitCodes.BadInput;
            }
        ScenarioOutcome outcome;
        RunInfo run;
        using var interruption = new Interruption(stderr);
        try
        {
            (outcome, run) = ProgressBar.Run(scenario, options, stderr, quiet, interruption.Token);
        }
        catch (RunAbandonedException e)
        {
            stderr.WriteLine($"{scenario.Id}: the run gave up: {e.Message}");
            return ExitCodes.BoundExceeded;
        }
        catch (RunInterruptedException e)
        {
            stderr.WriteLine($"{scenario.Id}: interrupted by {interruption.Signal} after {e.Done} of {e.Total} machines; no report written");
            return interruption.ExitCode;
        }
        var report = ReportWriter.Write(outcome, run, ReportWriter.MachinesInline(outcome, machinesPath is not null));
        if (machinesPath is not null)
        {
            if (machinesPath == "-") ReportWriter.WriteMachines(outcome, stdout);
            else if (!TryWrite(machinesPath, w => ReportWriter.WriteMachines(outcome, w), "--machines-out", "the machines' figures", stderr))
                return ExitCodes.BadInput;
        }
        if (jsonPath is not null && jsonPath != "-" && !TryWrite(jsonPath, w => w.Write(report), "--json", "the report", stderr))
            return ExitCodes.BadInput;
        if (table)
        {
            ComparisonTable.Write(outcome, stdout, color: ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected, by);
            if (jsonPath == "-") stdout.Write(report);
        }
        else if (jsonPath is null or "-") stdout.Write(report);
        foreach (var e in outcome.Expectations.Where(e => !e.Pass))
            stderr.WriteLine($"expectation failed: {e.Policy}: {e.Expectation.Text} (actual {e.Actual})");
        if (outcome.InvariantViolated)
            foreach (var v in run.InvariantDetails) stderr.WriteLine($"invariant violated: {v}");
        return outcome.ExitCode;
    }

    private static bool TryWrite(string path, Action<TextWriter> write, string option, string what, TextWriter stderr)
    {
        try
        {
            using var writer = new StreamWriter(path);
            write(writer);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"{option} {path}: cannot write {what} ({e.Message})");
            return false;
        }
    }
}
