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
        var timeout = new Option<int?>("--timeout") { Description = "Give up (exit 4) after this many seconds (default 1800)." };
        var command = table
            ? new Command("compare", "Run a scenario's policies and print them side by side in a table.")
            : new Command("run", "Run a scenario's policies and print the JSON report.");
        input.AddTo(command);
        command.Add(json);
        command.Add(timeout);
        command.SetAction(result =>
        {
            var stdout = result.InvocationConfiguration.Output;
            var stderr = result.InvocationConfiguration.Error;
            var scenario = input.Load(result, stderr);
            if (scenario is null) return ExitCodes.BadInput;
            var options = RunOptions.Default;
            if (result.GetValue(timeout) is { } seconds)
            {
                if (seconds < 1)
                {
                    stderr.WriteLine($"--timeout {seconds}: expected a number of seconds >= 1");
                    return ExitCodes.BadInput;
                }
                options = options with { Timeout = TimeSpan.FromSeconds(seconds) };
            }
            return Execute(scenario, options, result.GetValue(json), stdout, stderr);
        });
        return command;
    }

    private int Execute(ScenarioSpec scenario, RunOptions options, string? jsonPath, TextWriter stdout, TextWriter stderr)
    {
        ScenarioOutcome outcome;
        RunInfo run;
        try
        {
            (outcome, run) = ProgressBar.Run(scenario, options, stderr);
        }
        catch (RunAbandonedException e)
        {
            stderr.WriteLine($"{scenario.Id}: the run gave up: {e.Message}");
            return ExitCodes.BoundExceeded;
        }
        var report = ReportWriter.Write(outcome, run);
        if (jsonPath is not null)
        {
            try
            {
                File.WriteAllText(jsonPath, report);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                stderr.WriteLine($"--json {jsonPath}: cannot write the report ({e.Message})");
                return ExitCodes.BadInput;
            }
        }
        if (table) ComparisonTable.Write(outcome, stdout, color: ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected);
        else if (jsonPath is null) stdout.Write(report);
        foreach (var e in outcome.Expectations.Where(e => !e.Pass))
            stderr.WriteLine($"expectation failed: {e.Policy}: {e.Expectation.Text} (actual {e.Actual})");
        if (outcome.InvariantViolated)
            foreach (var v in run.InvariantDetails) stderr.WriteLine($"invariant violated: {v}");
        return outcome.ExitCode;
    }
}
