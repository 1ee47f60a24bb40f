using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Emulation.Actors.Cluster;
using Emulation.Actors.Machines;
using Emulation.Host.Reports;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;

namespace Emulation.Host.Runs;

/// <summary>A run gave up: a machine failed, or the run exceeded its bound (exit 4).</summary>
public sealed class RunAbandonedException(string reason) : Exception(reason);

/// <summary>How to run a scenario.</summary>
/// <param name="Parallelism">Machines in flight at once.</param>
/// <param name="Timeout">The run's bound; beyond it the run gives up (exit 4).</param>
/// <param name="LogLevel">Akka's log level (to standard error): OFF, ERROR, WARNING, INFO or DEBUG.</param>
public sealed record RunOptions(int Parallelism, TimeSpan Timeout, int InvariantCheckEvery = 1, string LogLevel = "WARNING")
{
    public static readonly RunOptions Default = new(Math.Max(4, Environment.ProcessorCount * 4), TimeSpan.FromMinutes(30));
}

/// <summary>Runs a scenario on a single-node embedded cluster and gives its outcome and run facts.</summary>
public static class ScenarioRunner
{
    /// <param name="cancel">Asks the run to stop (a signal): the coordinator stops handing out machines, the node
    /// shuts down within <see cref="EmbeddedCluster.InterruptedShutdownTimeout"/>, and <see cref="RunInterruptedException"/> says how far it got.</param>
    public static async Task<(ScenarioOutcome Outcome, RunInfo Run)> RunAsync(ScenarioSpec scenario, RunOptions options,
        Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var finished = new int[1];
        var total = scenario.Machines * scenario.Policies.Length;
        Action<int, int> report = (d, t) =>
        {
            Volatile.Write(ref finished[0], d);
            progress?.Invoke(d, t);
        };
        await using var cluster = await EmbeddedCluster.StartAsync(NodeConfig.LogLevel(options.LogLevel));
        cancel.ThrowIfCancellationRequested();
        var reporter = cluster.System.ActorOf(Props.Create(() => new ProgressReporter(report)), "progress");
        var coordinator = cluster.System.ActorOf(
            ScenarioCoordinator.Props(scenario, cluster.Machines, options.Parallelism, options.InvariantCheckEvery, reporter), "scenario");
        object answer;
        try
        {
            answer = await coordinator.Ask<object>(new StartScenario(1), options.Timeout, cancel);
        }
        catch (AskTimeoutException)
        {
            throw new RunAbandonedException($"the run did not finish within its bound of {options.Timeout}");
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            cluster.System.Stop(coordinator);
            await cluster.AbortAsync(EmbeddedCluster.InterruptedShutdownTimeout);
            throw new RunInterruptedException(Volatile.Read(ref finished[0]), total);
        }
        if (answer is ScenarioFailed failed) throw new RunAbandonedException(failed.Reason);
        var done = (ScenarioDone)answer;
        var outcome = new ScenarioOutcome(scenario, [.. done.Policies.Select(p => new PolicyResult(p.Policy, p.Totals, p.Machines))]);
        var run = new RunInfo(started, clock.Elapsed, Environment.MachineName, [cluster.Address], [], [], done.Violations);
        return (outcome, run);
    }

    /// <summary>Turns progress messages into calls of the host's callback (the progress bar).</summary>
    private sealed class ProgressReporter : ReceiveActor
    {
        public ProgressReporter(Action<int, int> progress) =>
            Receive<ScenarioProgress>(p => progress(p.Done, p.Total));
    }
}
