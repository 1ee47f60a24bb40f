using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;

namespace Emulation.Actors.Cluster;

/// <summary>
/// Runs a scenario: every (policy, machine index) pair as a machine entity through the shard region (or its proxy),
/// a bounded number at a time, summing each policy's figures. Each machine's result is taken exactly once (a machine
/// run twice answers twice; the second answer is dropped: machines are deterministic, so both are the same). When a
/// worker node leaves or is downed, or a machine reports it was stopped before finishing (a shard hand-off), the
/// machines in flight are sent again; they run on the nodes that remain. Sums are order-free and per-machine
/// results are kept by index, so the outcome does not depend on where or in which order machines ran.
/// Answers <see cref="ScenarioDone"/> (policies in the scenario's order) or <see cref="ScenarioFailed"/> when a
/// machine fails; reports progress to the subscriber it was given.
/// </summary>
public sealed class ScenarioCoordinator : ReceiveActor
{
    /// <summary>Violation texts kept for the report.</summary>
    public const int ViolationsKept = 16;

    /// <summary>A run in which no machine finishes for this long gives up (a machine lost with its node, a bug).</summary>
    public static readonly TimeSpan ProgressTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// When no machine has finished for this long, the machines in flight are sent again: delivery is at most once, so a
    /// request or a result lost on a link that broke for a moment (or sent to a region that had just lost its node) is
    /// only ever made up by sending again. A machine still running ignores the copy.
    /// </summary>
    public static readonly TimeSpan ResendAfter = TimeSpan.FromSeconds(10);

    private sealed record CheckStall
    {
        public static readonly CheckStall Instance = new();
    }

    /// <param name="progressTimeout">Give up when no machine finishes for this long (default <see cref="ProgressTimeout"/>).</param>
    public static Props Props(ScenarioSpec scenario, IActorRef machines, int parallelism, int invariantCheckEvery, IActorRef? progress = null,
        TimeSpan? progressTimeout = null) =>
        Akka.Actor.Props.Create(() => new ScenarioCoordinator(scenario, machines, parallelism, invariantCheckEvery,
            progress ?? ActorRefs.Nobody, progressTimeout ?? ProgressTimeout));

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ScenarioSpec _scenario;
    private readonly IActorRef _machines;
    private readonly int _parallelism;
    private readonly int _checkEvery;
    private readonly IActorRef _progress;
    private readonly TimeSpan _progressTimeout;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..12];
    private readonly Queue<(string Policy, int Index)> _pending = new();
    private readonly HashSet<(string Policy, int Index)> _inFlight = [];
    private readonly Dictionary<string, MachineMetrics> _totals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MachineMetrics?[]> _perMachine = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> _byNode = new(StringComparer.Ordinal);
    private readonly List<MembershipEvent> _membership = [];
    private readonly List<string> _reruns = [];
    private readonly List<string> _violations = [];
    private readonly Stopwatch _clock = new();
    private readonly Akka.Cluster.Cluster? _cluster;
    private ICancelable? _stallCheck;
    private long _lastResultMillis;
    private long _lastResendMillis;
    private IActorRef _requester = ActorRefs.Nobody;
    private long _requestId;
    private int _done;
    private long _sent;
    private int _total;
    private bool _over;

    public ScenarioCoordinator(ScenarioSpec scenario, IActorRef machines, int parallelism, int invariantCheckEvery, IActorRef progress,
        TimeSpan progressTimeout)
    {
        _progressTimeout = progressTimeout;
        _scenario = scenario;
        _machines = machines;
        _parallelism = Math.Max(1, parallelism);
        _checkEvery = invariantCheckEvery;
        _progress = progress;
        if (((ExtendedActorSystem)Context.System).Provider is Akka.Cluster.IClusterActorRefProvider)
            _cluster = Akka.Cluster.Cluster.Get(Context.System);
        Receive<StartScenario>(Start);
        Receive<MachineDone>(Done);
        Receive<MachineInterrupted>(m => Resend(m.RunId, [(m.Policy, m.Index)], $"machine {m.Policy}/{m.Index} was stopped before it finished"));
        Receive<MachineFailed>(f => { if (f.RunId == _runId) Give($"machine {f.Index} under {f.Policy} failed: {f.Reason}"); });
        Receive<ClusterEvent.MemberRemoved>(m => NodeGone(m.Member, "removed"));
        Receive<ClusterEvent.MemberUp>(m => Saw(m.Member.Address, "up"));
        Receive<ClusterEvent.UnreachableMember>(m => Saw(m.Member.Address, "unreachable"));
        Receive<ClusterEvent.ReachableMember>(m =>
        {
            Saw(m.Member.Address, "reachable again");
            // Whatever crossed the link while it was cut is lost: what is in flight goes again.
            if (m.Member.HasRole(NodeRoles.Worker)) Resend(_runId, [.. _inFlight], $"worker {m.Member.Address} reachable again");
        });
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
        Receive<ClusterEvent.CurrentClusterState>(_ => { });
        Receive<CheckStall>(_ => Stalled());
    }

    protected override void PreStart() =>
        _cluster?.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.MemberRemoved), typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop()
    {
        _stallCheck?.Cancel();
        _cluster?.Unsubscribe(Self);
    }

    private void Start(StartScenario start)
    {
        _requester = Sender;
        _requestId = start.RequestId;
        _clock.Start();
        foreach (var policy in _scenario.Policies)
        {
            _totals[policy] = MachineMetrics.Zero(MetricShape.Of(_scenario.Topology));
            _perMachine[policy] = new MachineMetrics?[_scenario.Machines];
            for (var i = 0; i < _scenario.Machines; i++) _pending.Enqueue((policy, i));
        }
        _total = _pending.Count;
        var tick = TimeSpan.FromMilliseconds(Math.Min(1000, _progressTimeout.TotalMilliseconds / 4));
        _stallCheck = Context.System.Scheduler.ScheduleTellRepeatedlyCancelable(tick, tick, Self, CheckStall.Instance, Self);
        for (var i = 0; i < _parallelism && _pending.Count > 0; i++) SendNext();
        if (_total == 0) Complete();
    }

    /// <summary>No result for <see cref="ResendAfter"/>: the machines in flight go again; none for the progress timeout: the run gives up.</summary>
    private void Stalled()
    {
        if (_over) return;
        var now = _clock.ElapsedMilliseconds;
        if (now - _lastResultMillis >= _progressTimeout.TotalMilliseconds)
        {
            Give($"no machine finished for {_progressTimeout.TotalSeconds:0} s ({_done} of {_total} done)");
            return;
        }
        if (now - Math.Max(_lastResultMillis, _lastResendMillis) < ResendAfter.TotalMilliseconds) return;
        _lastResendMillis = now;
        Resend(_runId, [.. _inFlight], $"no machine finished for {ResendAfter.TotalSeconds:0} s");
    }

    private void SendNext()
    {
        var machine = _pending.Dequeue();
        _inFlight.Add(machine);
        Send(machine);
    }

    private void Send((string Policy, int Index) machine) =>
        _machines.Tell(new RunMachine(++_sent, _runId, _scenario, machine.Policy, machine.Index, _checkEvery));

    private void Done(MachineDone m)
    {
        if (_over || m.RunId != _runId || !_inFlight.Remove((m.Policy, m.Index))) return;
        _totals[m.Policy] = _totals[m.Policy].Plus(m.Metrics);
        _perMachine[m.Policy][m.Index] = m.Metrics;
        foreach (var v in m.Violations)
            if (_violations.Count < ViolationsKept) _violations.Add($"machine {m.Index} under {m.Policy}: {v}");
        _lastResultMillis = _clock.ElapsedMilliseconds;
        var node = NodeOf(Sender);
        _byNode[node] = _byNode.GetValueOrDefault(node) + 1;
        _done++;
        _progress.Tell(new ScenarioProgress(_requestId, _done, _total));
        if (_pending.Count > 0) SendNext();
        else if (_done == _total) Complete();
    }

    /// <summary>The node a reply came from: its address, or this node's for a local sender.</summary>
    private string NodeOf(IActorRef sender) =>
        sender.Path.Address.HasGlobalScope || _cluster is null ? sender.Path.Address.ToString() : _cluster.SelfAddress.ToString();

    private void Saw(Address node, string what)
    {
        if (_over || !_clock.IsRunning) return;
        _membership.Add(new MembershipEvent(_clock.ElapsedMilliseconds, node.ToString(), what));
    }

    /// <summary>A member left or was downed: every machine in flight may have been its, so all go again.</summary>
    private void NodeGone(Member member, string what)
    {
        Saw(member.Address, what);
        if (!member.HasRole(NodeRoles.Worker)) return;
        Resend(_runId, [.. _inFlight], $"worker {member.Address} {what}");
    }

    private void Resend(string runId, IReadOnlyList<(string Policy, int Index)> machines, string why)
    {
        if (_over || runId != _runId) return;
        var again = machines.Where(_inFlight.Contains).ToList();
        if (again.Count == 0) return;
        _log.Warning("Scenario {Scenario}: {Why}; sending {Count} machine(s) again", _scenario.Id, why, again.Count);
        foreach (var machine in again)
        {
            _reruns.Add($"{machine.Policy}/{machine.Index}");
            Send(machine);
        }
    }

    private void Complete()
    {
        _over = true;
        _stallCheck?.Cancel();
        var policies = _scenario.Policies.Select(p => new PolicyTotals(p, _totals[p], [.. _perMachine[p].Select(m => m!)])).ToImmutableArray();
        _requester.Tell(new ScenarioDone(_requestId, policies, [.. _violations])
        {
            Nodes = [.. _byNode.Select(n => new NodeShare(n.Key, n.Value))],
            Membership = [.. _membership],
            Reruns = [.. _reruns],
        });
    }

    private void Give(string reason)
    {
        if (_over) return;
        _over = true;
        _stallCheck?.Cancel();
        _log.Error("Scenario {Scenario}: {Reason}", _scenario.Id, reason);
        _requester.Tell(new ScenarioFailed(_requestId, reason));
    }
}
