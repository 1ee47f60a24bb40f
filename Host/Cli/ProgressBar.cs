using System.Diagnostics;
using System.Globalization;
using Emulation.Actors.Machines;
using Emulation.Host.Reports;
using Emulation.Host.Runs;
using Emulation.Messages.Scenarios;
using Spectre.Console;

namespace Emulation.Host.Cli;

/// <summary>
/// Runs a scenario and shows how far it is on standard error, unless quiet: on a terminal, a bar with the
/// machines done out of machines x policies, the elapsed time and an estimate of what is left (after the
/// first second); elsewhere (CI, logs), a line every <see cref="LineEvery"/> with the same figures.
/// </summary>
public static class ProgressBar
{
    public static readonly TimeSpan LineEvery = TimeSpan.FromSeconds(5);

    public static (ScenarioOutcome, RunInfo) Run(ScenarioSpec scenario, RunOptions options, TextWriter stderr, bool quiet = false,
        CancellationToken cancel = default)
    {
        var done = 0;
        var total = scenario.Machines * scenario.Policies.Length;
        var clock = Stopwatch.StartNew();
        var run = ScenarioRunner.RunAsync(scenario, options, (d, _) => Volatile.Write(ref done, d), cancel);
        var terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        if (!quiet && terminal && !Wait(run, TimeSpan.FromSeconds(1)))
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            console.Progress().AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(),
                    new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask($"{scenario.Id}: 0/{total} machines", maxValue: total);
                    while (!Wait(run, TimeSpan.FromMilliseconds(200)))
                    {
                        var now = Volatile.Read(ref done);
                        task.Value = now;
                        task.Description = $"{scenario.Id}: {now}/{total} machines";
                    }
                    task.Value = total;
                });
        }
        else if (!quiet && !terminal)
        {
            while (!Wait(run, LineEvery)) stderr.WriteLine(Line(scenario.Id, Volatile.Read(ref done), total, clock.Elapsed));
        }
        try
        {
            return run.GetAwaiter().GetResult();
        }
        catch (AggregateException e) when (e.InnerException is RunAbandonedException or RunInterruptedException)
        {
            throw e.InnerException;
        }
    }

    /// <summary>"T01: 120/840 machines, 12 s elapsed, about 72 s left".</summary>
    public static string Line(string id, int done, int total, TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        var left = done == 0 ? "no estimate yet" : $"about {Seconds(seconds * (total - done) / done)} left";
        return $"{id}: {done}/{total} machines, {Seconds(seconds)} elapsed, {left}";
    }

    private static string Seconds(double s) => s.ToString("0", CultureInfo.InvariantCulture) + " s";

    private static bool Wait(Task run, TimeSpan time)
    {
        try
        {
            return run.Wait(time);
        }
        catch (AggregateException)
        {
            return true;
        }
    }
}
