using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Cluster;
using Emulation.Actors.Cluster;
using Emulation.Actors.Machines;
using Emulation.Host.Reports;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;

namespace Emulation.Host.Runs;

/// <summary>A run gave up: a machine failed, or the run exceeded its bound (exit 4).</summary>
public sealed class RunAbandonedException(string reason) : Exception(reason);

/// <summary>How to run a scenario.</summary>
/// <param name="Parallelism">Machines in flight at once (per run, over all nodes).</param>
/// <param name="Timeout">The run's bound; beyond it the run gives up (exit 4).</param>
/// <param name="LogLevel">Akka's log level (to standard error): OFF, ERROR, WARNING, INFO or DEBUG.</param>
/// <param name="Cluster">`--cluster SEED`: run on the workers of a running cluster (this process joins it as the coordinator).</param>
/// <param name="Nodes">`--nodes N`: start N local worker processes for the run, and stop them after it.</param>
/// <param name="Chaos">`--chaos`: inject faults during the run (a worker crash, then a graceful leave).</param>
/// <param name="Overlay">HOCON over akka.hocon for every node of the run (tests: fast timings).</param>
public sealed record RunOptions(int Parallelism, TimeSpan Timeout, int InvariantCheckEvery = 1, string LogLevel = "WARNING",
    string? Cluster = null, int Nodes = 0, bool Chaos = false, string Overlay = "")
{
    public static readonly RunOptions Default = new(Math.Max(4, Environment.ProcessorCount * 4), TimeSpan.FromMinutes(30));

    /// <summary>How long a run waits for the workers of a cluster to be up.</summary>
    public static readonly TimeSpan WorkersTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Every node's HOCON overlay: the log level, the environment's overlay, the run's.</summary>
    public string NodeOverlay =>
        string.Join("\n", NodeConfig.LogLevel(LogLevel), Environment.GetEnvironmentVariable(WorkerProcesses.OverlayVariable) ?? "", Overlay);
}

/// <summary>
/// Runs a scenario on a cluster and gives its outcome and run facts: a single node of its own (coordinator and worker),
/// a cluster it joins as the coordinator (`--cluster`), or worker processes it starts and stops (`--nodes`).
/// </summary>
public static class ScenarioRunner
{
    /// <param name="cancel">Asks the run to stop (a signal): the coordinator stops handing out machines, the node
    /// shuts down within <see cref="EmulationNode.InterruptedShutdownTimeout"/>, and <see cref="RunInterruptedException"/> says how far it got.</param>
    public static async Task<(ScenarioOutcome Outcome, RunInfo Run)> RunAsync(ScenarioSpec scenario, RunOptions options,
        Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        var clustered = options.Cluster is not null || options.Nodes > 0;
        var settings = clustered
            ? new NodeSettings("127.0.0.1", 0, [NodeRoles.Coordinator], options.Cluster, options.NodeOverlay)
            : NodeSettings.Single(options.NodeOverlay);
        await using var node = await EmulationNode.StartAsync(settings, cancel);
        await using var workers = options.Nodes > 0
            ? await WorkerProcesses.StartAsync(options.Nodes, node.Address, options.NodeOverlay, cancel)
            : null;
        try
        {
            if (clustered) await WaitForWorkers(node, options.Nodes > 0 ? options.Nodes : 1, cancel);
            return await RunOn(node, scenario, options, progress, workers, cancel);
        }
        catch (RunInterruptedException)
        {
            await node.AbortAsync(EmulationNode.InterruptedShutdownTimeout);
            throw;
        }
        finally
        {
            // The run's own workers go with it: nothing is left to hand over, so no one waits for a graceful leave.
            if (workers is not null) await node.AbortAsync(EmulationNode.InterruptedShutdownTimeout);
        }
    }

    /// <summary>Runs a scenario from <paramref name="node"/> (its coordinator role) on whatever workers its cluster has.</summary>
    public static async Task<(ScenarioOutcome Outcome, RunInfo Run)> RunOn(EmulationNode node, ScenarioSpec scenario, RunOptions options,
        Action<int, int>? progress = null, WorkerProcesses? workers = null, CancellationToken cancel = default)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var finished = new int[1];
        var total = scenario.Machines * scenario.Policies.Length;
        var chaos = options.Chaos && workers is not null ? new ChaosPlan(workers, total, clock) : null;
        Action<int, int> report = (d, t) =>
        {
            Volatile.Write(ref finished[0], d);
            chaos?.Progress(d);
            progress?.Invoke(d, t);
        };
        var name = Guid.NewGuid().ToString("N")[..8];
        var reporter = node.System.ActorOf(Props.Create(() => new ProgressReporter(report)), $"progress-{name}");
        var coordinator = node.System.ActorOf(
            ScenarioCoordinator.Props(scenario, node.Machines, options.Parallelism, options.InvariantCheckEvery, reporter), $"scenario-{name}");
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
            node.System.Stop(coordinator);
            throw new RunInterruptedException(Volatile.Read(ref finished[0]), total);
        }
        finally
        {
            node.System.Stop(reporter);
        }
        if (answer is ScenarioFailed failed) throw new RunAbandonedException(failed.Reason);
        var done = (ScenarioDone)answer;
        var outcome = new ScenarioOutcome(scenario, [.. done.Policies.Select(p => new PolicyResult(p.Policy, p.Totals, p.Machines))]);
        var nodes = done.Nodes.Select(n => $"{n.Node}: {n.Machines} machines").ToList();
        if (nodes.Count == 0) nodes.Add(node.Address);
        var faults = (chaos?.Faults ?? []).Concat(done.Membership
                .Where(m => m.Event is "removed" or "unreachable" or "reachable again")
                .Select(m => (m.AtMillis, $"{Seconds(m.AtMillis)}: seen {m.Node} {m.Event}")))
            .OrderBy(f => f.Item1).Select(f => f.Item2)
            .ToList();
        var run = new RunInfo(started, clock.Elapsed, Environment.MachineName, nodes, faults, done.Reruns, done.Violations);
        return (outcome, run);
    }

    private static string Seconds(long millis) => (millis / 1000.0).ToString("0.0", CultureInfo.InvariantCulture) + " s";

    /// <summary>Waits until <paramref name="count"/> workers are up in the node's cluster.</summary>
    private static async Task WaitForWorkers(EmulationNode node, int count, CancellationToken cancel)
    {
        var cluster = Akka.Cluster.Cluster.Get(node.System);
        var clock = Stopwatch.StartNew();
        while (cluster.State.Members.Count(m => m.Status == MemberStatus.Up && m.HasRole(NodeRoles.Worker)) < count)
        {
            if (clock.Elapsed > RunOptions.WorkersTimeout)
                throw new RunAbandonedException($"the cluster has fewer than {count} worker(s) up after {RunOptions.WorkersTimeout.TotalSeconds:0} s");
            await Task.Delay(100, cancel);
        }
    }

    /// <summary>Turns progress messages into calls of the host's callback (the progress bar).</summary>
    private sealed class ProgressReporter : ReceiveActor
    {
        public ProgressReporter(Action<int, int> progress) =>
            Receive<ScenarioProgress>(p => progress(p.Done, p.Total));
    }

    /// <summary>
    /// `--chaos` with worker processes: the first worker crashes (SIGKILL) once a quarter of the machines are done,
    /// and, with three or more workers, the second leaves gracefully (SIGTERM) at half. Each fault with its time.
    /// </summary>
    private sealed class ChaosPlan(WorkerProcesses workers, int total, Stopwatch clock)
    {
        private readonly List<(long, string)> _faults = [];
        private int _step;

        public IReadOnlyList<(long AtMillis, string Text)> Faults
        {
            get { lock (_faults) return [.. _faults]; }
        }

        public void Progress(int done)
        {
            lock (_faults)
            {
                if (_step == 0 && done * 4 >= total && workers.Addresses.Count >= 2)
                {
                    _step = 1;
                    var at = clock.ElapsedMilliseconds;
                    _faults.Add((at, $"{Seconds(at)}: crash {workers.Crash(0)} (SIGKILL)"));
                }
                else if (_step == 1 && done * 2 >= total && workers.Addresses.Count >= 3)
                {
                    _step = 2;
                    var at = clock.ElapsedMilliseconds;
                    _faults.Add((at, $"{Seconds(at)}: leave {workers.Leave(1)} (SIGTERM)"));
                }
            }
        }
    }
}
