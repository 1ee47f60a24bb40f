using Emulation.Actors.Machines;
using Emulation.Host.Reports;
using Emulation.Host.Runs;
using Emulation.Messages.Scenarios;
using Spectre.Console;

namespace Emulation.Host.Cli;

/// <summary>
/// Runs a scenario, with a progress bar on standard error when it is a terminal and the run takes
/// longer than a second (machines done out of machines x policies).
/// </summary>
public static class ProgressBar
{
    public static (ScenarioOutcome, RunInfo) Run(ScenarioSpec scenario, RunOptions options, TextWriter stderr)
    {
        var done = 0;
        var total = scenario.Machines * scenario.Policies.Length;
        var run = ScenarioRunner.RunAsync(scenario, options, (d, _) => Volatile.Write(ref done, d));
        var terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        if (terminal && !run.Wait(TimeSpan.FromSeconds(1)))
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            console.Progress().AutoClear(true).Start(ctx =>
            {
                var task = ctx.AddTask($"{scenario.Id}: machines", maxValue: total);
                while (!run.Wait(TimeSpan.FromMilliseconds(200))) task.Value = Volatile.Read(ref done);
                task.Value = total;
            });
        }
        try
        {
            return run.GetAwaiter().GetResult();
        }
        catch (AggregateException e) when (e.InnerException is RunAbandonedException abandoned)
        {
            throw abandoned;
        }
    }
}
