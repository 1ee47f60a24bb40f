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
        // A scenario's `cluster` block scripts its own worker processes, unless the command line says where to run.
        var scripted = !scenario.Nodes.IsEmpty && options.Cluster is null && options.Nodes == 0;
        var clustered = options.Cluster is not null || options.Nodes > 0 || scripted;
        var settings = clustered
            ? new NodeSettings("127.0.0.1", 0, [NodeRoles.Coordinator], options.Cluster, options.NodeOverlay, Chaos: options.Chaos && options.Nodes > 0)
            : NodeSettings.Single(options.NodeOverlay);
        await using var node = await EmulationNode.StartAsync(settings, cancel);
        await using var workers = options.Nodes > 0
            ? await WorkerProcesses.StartAsync(options.Nodes, node.Address, options.NodeOverlay, options.Chaos, cancel)
            : scripted ? WorkerProcesses.Empty(node.Address, options.NodeOverlay) : null;
        try
        {
            var script = scripted ? await NodeScript.StartAsync(scenario.Nodes, workers!, cancel) : null;
            var workersAtStart = script?.WorkersAtStart ?? (options.Nodes > 0 ? options.Nodes : 1);
            if (clustered) await WaitForWorkers(node, workersAtStart, cancel);
            return await RunOn(node, scenario, options, progress, workers, cancel, script);
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
        Action<int, int>? progress = null, WorkerProcesses? workers = null, CancellationToken cancel = default, NodeScript? script = null)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var finished = new int[1];
        var total = scenario.Machines * scenario.Policies.Length;
        using var stopEvents = new CancellationTokenSource();
        var events = new RunEvents(total, clock);
        var injected = Task.WhenAll(
            options.Chaos ? new ChaosPlan(node, workers, events).RunAsync(stopEvents.Token) : Task.CompletedTask,
            script?.RunAsync(events, stopEvents.Token) ?? Task.CompletedTask);
        Action<int, int> report = (d, t) =>
        {
            Volatile.Write(ref finished[0], d);
            events.Progress(d);
            progress?.Invoke(d, t);
        };
        var name = Guid.NewGuid().ToString("N")[..8];
        var reporter = node.System.ActorOf(Props.Create(() => new ProgressReporter(report)), $"progress-{name}");
        var coordinator = node.System.ActorOf(
            ScenarioCoordinator.Props(scenario, node.Machines, options.Parallelism, options.InvariantCheckEvery, reporter), $"scenario-{name}");
        object answer;
        try
        {
            var asked = coordinator.Ask<object>(new StartScenario(1), options.Timeout, cancel);
            // A node the cluster downs (it was cut off with the minority) stops its actor system: the run is over.
            if (await Task.WhenAny(asked, node.System.WhenTerminated) != asked)
                throw new RunAbandonedException($"this node ({node.Address}) was removed from the cluster during the run " +
                                                $"({Volatile.Read(ref finished[0])} of {total} machines done)");
            answer = await asked;
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
            stopEvents.Cancel();
            await injected;
        }
        if (answer is ScenarioFailed failed) throw new RunAbandonedException(failed.Reason);
        var done = (ScenarioDone)answer;
        var outcome = new ScenarioOutcome(scenario, [.. done.Policies.Select(p => new PolicyResult(p.Policy, p.Totals, p.Machines))]);
        var nodes = done.Nodes.Select(n => $"{n.Node}: {n.Machines} machines").ToList();
        if (nodes.Count == 0) nodes.Add(node.Address);
        var faults = events.Faults.Concat(done.Membership
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
    /// `--chaos`: faults at fixed points of the run's progress, each recorded with its time. With worker processes this
    /// run started (`--nodes`, every node on the throttling transport): at 10% the link between this node and the first
    /// worker is slowed to 20 kB/s for 3 s; at 20% the link to the last worker is cut until it is seen unreachable, then
    /// healed (a short blackhole, nobody downed); at 30% the last worker is paused for 2 s (SIGSTOP, a slow node); at 40%,
    /// with three or more workers, the second leaves (SIGTERM) and, once it is gone, the first crashes (SIGKILL; with two
    /// workers the crash comes at 40%). On a running
    /// cluster (`--cluster`, plain nodes): at 25% a worker crashes (asked to abort) and at 50% another leaves.
    /// </summary>
    private sealed class ChaosPlan(EmulationNode node, WorkerProcesses? workers, RunEvents events)
    {
        private void Record(string text) => events.Record(text);

        private Task<bool> At(double fraction, CancellationToken stop) => events.At(fraction, stop);

        public async Task RunAsync(CancellationToken stop)
        {
            try
            {
                if (workers is not null) await Processes(workers, stop);
                else await Members(stop);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Record($"chaos stopped: {e.Message}");
            }
        }

        private async Task Processes(WorkerProcesses w, CancellationToken stop)
        {
            var first = Address.Parse(w.Addresses[0]);
            var last = Address.Parse(w.Addresses[^1]);
            if (!await At(0.1, stop)) return;
            await Links.Set(node.System, first, new Akka.Remote.Transport.TokenBucket(20_000, 20_000, 0, 0));
            Record($"throttle the link {node.Address} <-> {first} to 20 kB/s for 3 s");
            await Task.Delay(3000, CancellationToken.None);
            await Links.Set(node.System, first, Akka.Remote.Transport.Unthrottled.Instance);
            if (!await At(0.2, stop)) return;
            await Links.Set(node.System, last, Akka.Remote.Transport.Blackhole.Instance);
            var cut = Stopwatch.StartNew();
            var cluster = Akka.Cluster.Cluster.Get(node.System);
            while (cut.Elapsed < TimeSpan.FromSeconds(10) && cluster.State.Unreachable.All(m => m.Address != last))
                await Task.Delay(50, CancellationToken.None);
            await Links.Set(node.System, last, Akka.Remote.Transport.Unthrottled.Instance);
            Record($"blackhole the link {node.Address} <-> {last} for {cut.Elapsed.TotalSeconds:0.0} s, healed once seen unreachable");
            if (!await At(0.3, stop)) return;
            Record($"pause {last} for 2 s (SIGSTOP, a slow node)");
            await w.PauseAsync(w.Addresses.Count - 1, TimeSpan.FromSeconds(2));
            if (w.Addresses.Count >= 3)
            {
                // A leave completes only while every other member is reachable: it goes first, the crash after it is done.
                if (!await At(0.4, stop)) return;
                await Settled(cluster);
                var leaving = Address.Parse(w.Addresses[1]);
                Record($"leave {w.Leave(1)} (SIGTERM)");
                var wait = Stopwatch.StartNew();
                while (wait.Elapsed < TimeSpan.FromSeconds(30) && cluster.State.Members.Any(m => m.Address == leaving))
                    await Task.Delay(100, CancellationToken.None);
            }
            else if (!await At(0.4, stop)) return;
            if (stop.IsCancellationRequested) return;
            // The crash comes once the earlier faults have healed: a crash while another member still looks unreachable
            // could leave this node in a minority that downs itself (keep-majority), which is a different experiment.
            await Settled(cluster);
            Record($"crash {w.Crash(0)} (SIGKILL)");
        }

        /// <summary>Waits (at most 30 s) until every member is reachable again.</summary>
        private static async Task Settled(Akka.Cluster.Cluster cluster)
        {
            var wait = Stopwatch.StartNew();
            while (wait.Elapsed < TimeSpan.FromSeconds(30) && cluster.State.Unreachable.Count > 0)
                await Task.Delay(100, CancellationToken.None);
        }

        private async Task Members(CancellationToken stop)
        {
            var cluster = Akka.Cluster.Cluster.Get(node.System);
            var targets = cluster.State.Members.Where(m => m.HasRole(NodeRoles.Worker) && m.Status == MemberStatus.Up)
                .Select(m => m.Address).OrderBy(a => a.ToString(), StringComparer.Ordinal).ToList();
            if (targets.Count < 2 || !await At(0.25, stop)) return;
            await node.System.ActorSelection($"{targets[0]}/user/{ClusterAdminActor.Name}")
                .Ask<Messages.Cluster.AdminDone>(new Messages.Cluster.CrashNode(1), TimeSpan.FromSeconds(10));
            Record($"crash {targets[0]} (asked to abort)");
            if (targets.Count < 3 || !await At(0.5, stop)) return;
            cluster.Leave(targets[1]);
            Record($"leave {targets[1]} (asked to leave)");
        }
    }

    /// <summary>
    /// The run's progress as the clock of injected events: a step waits for a fraction of the machines to be done,
    /// and every event is recorded with its time since the run started.
    /// </summary>
    public sealed class RunEvents(int total, Stopwatch clock)
    {
        private readonly List<(long, string)> _faults = [];
        private int _done;

        public IReadOnlyList<(long AtMillis, string Text)> Faults
        {
            get { lock (_faults) return [.. _faults]; }
        }

        public void Progress(int done) => Volatile.Write(ref _done, done);

        public void Record(string text)
        {
            var at = clock.ElapsedMilliseconds;
            lock (_faults) _faults.Add((at, $"{Seconds(at)}: {text}"));
        }

        /// <summary>Waits until <paramref name="fraction"/> of the machines are done; false when the run ended first.</summary>
        public async Task<bool> At(double fraction, CancellationToken stop)
        {
            while (Volatile.Read(ref _done) < fraction * total)
            {
                if (stop.IsCancellationRequested) return false;
                await Task.Delay(50, CancellationToken.None);
            }
            return !stop.IsCancellationRequested;
        }
    }

    /// <summary>
    /// A scenario's `cluster` block, played: the nodes present from the start are started before the run, the others
    /// join, leave (SIGTERM) or crash (SIGKILL) when their fraction of the machines is done, in that order.
    /// </summary>
    public sealed class NodeScript
    {
        private readonly ImmutableArray<ScriptedNode> _nodes;
        private readonly WorkerProcesses _workers;
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        private NodeScript(ImmutableArray<ScriptedNode> nodes, WorkerProcesses workers)
        {
            _nodes = nodes;
            _workers = workers;
        }

        /// <summary>Workers there when the run starts.</summary>
        public int WorkersAtStart => _nodes.Count(n => n.JoinAt == 0 && n.IsWorker);

        /// <summary>Starts the nodes present from the start.</summary>
        public static async Task<NodeScript> StartAsync(ImmutableArray<ScriptedNode> nodes, WorkerProcesses workers, CancellationToken cancel)
        {
            var script = new NodeScript(nodes, workers);
            foreach (var n in nodes.Where(n => n.JoinAt == 0))
                script._index[n.Name] = await workers.AddAsync(n.Roles, cancel);
            return script;
        }

        public async Task RunAsync(RunEvents events, CancellationToken stop)
        {
            var steps = _nodes.Where(n => n.JoinAt > 0).Select(n => (At: n.JoinAt, Node: n, What: "join"))
                .Concat(_nodes.Where(n => n.LeaveAt != ScriptedNode.Never).Select(n => (At: n.LeaveAt, Node: n, What: "leave")))
                .Concat(_nodes.Where(n => n.CrashAt != ScriptedNode.Never).Select(n => (At: n.CrashAt, Node: n, What: "crash")))
                .OrderBy(s => s.At).ThenBy(s => s.Node.Name, StringComparer.Ordinal)
                .ToList();
            // A process takes seconds to start: a join goes on in the background, the steps after it do not wait.
            var joins = new Dictionary<string, Task<int>>(StringComparer.Ordinal);
            try
            {
                foreach (var (at, node, what) in steps)
                {
                    if (!await events.At(at, stop)) return;
                    if (joins.Remove(node.Name, out var joining)) _index[node.Name] = await joining;
                    if (!_index.TryGetValue(node.Name, out var index) && what != "join") continue;
                    switch (what)
                    {
                        case "join":
                            events.Record($"join {node.Name}, as scripted at {at:0.##}");
                            joins[node.Name] = _workers.AddAsync(node.Roles, CancellationToken.None);
                            break;
                        case "leave":
                            events.Record($"leave {node.Name} ({_workers.Leave(index)}, SIGTERM), as scripted at {at:0.##}");
                            break;
                        default:
                            events.Record($"crash {node.Name} ({_workers.Crash(index)}, SIGKILL), as scripted at {at:0.##}");
                            break;
                    }
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                events.Record($"node script stopped: {e.Message}");
            }
            finally
            {
                foreach (var (name, joining) in joins)
                {
                    try
                    {
                        _index[name] = await joining;
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        events.Record($"join {name} failed: {e.Message}");
                    }
                }
            }
        }
    }
}
