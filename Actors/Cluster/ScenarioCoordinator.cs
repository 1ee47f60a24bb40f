using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;

namespace Emulation.Actors.Cluster;

/// <summary>
/// Runs a scenario: every (policy, machine index) pair as a machine entity through the shard region, a
/// bounded number at a time, summing each policy's figures. Answers <see cref="ScenarioDone"/> (policies in
/// the scenario's order) or <see cref="ScenarioFailed"/> when a machine fails; reports progress to the
/// subscriber it was given.
/// </summary>
public sealed class ScenarioCoordinator : ReceiveActor
{
    /// <summary>Violation texts kept for the report.</summary>
    public const int ViolationsKept = 16;

    /// <summary>A run in which no machine finishes for this long gives up (a machine lost with its node, a bug).</summary>
    public static readonly TimeSpan ProgressTimeout = TimeSpan.FromMinutes(2);

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
    private readonly Dictionary<string, MachineMetrics> _totals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MachineMetrics[]> _perMachine = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];
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
        Receive<StartScenario>(Start);
        Receive<MachineDone>(Done);
        Receive<MachineFailed>(f => Give($"machine {f.Index} under {f.Policy} failed: {f.Reason}"));
        Receive<ReceiveTimeout>(_ => Give($"no machine finished for {_progressTimeout.TotalSeconds:0} s ({_done} of {_total} done)"));
    }

    private void Start(StartScenario start)
    {
        _requester = Sender;
        _requestId = start.RequestId;
        foreach (var policy in _scenario.Policies)
        {
            _totals[policy] = MachineMetrics.Zero(MetricShape.Of(_scenario.Topology));
            _perMachine[policy] = new MachineMetrics[_scenario.Machines];
            for (var i = 0; i < _scenario.Machines; i++) _pending.Enqueue((policy, i));
        }
        _total = _pending.Count;
        Context.SetReceiveTimeout(_progressTimeout);
        for (var i = 0; i < _parallelism && _pending.Count > 0; i++) SendNext();
        if (_total == 0) Complete();
    }

    private void SendNext()
    {
        var (policy, index) = _pending.Dequeue();
        _machines.Tell(new RunMachine(++_sent, _runId, _scenario, policy, index, _checkEvery));
    }

    private void Done(MachineDone m)
    {
        if (_over || m.RunId != _runId) return;
        _totals[m.Policy] = _totals[m.Policy].Plus(m.Metrics);
        _perMachine[m.Policy][m.Index] = m.Metrics;
        foreach (var v in m.Violations)
            if (_violations.Count < ViolationsKept) _violations.Add($"machine {m.Index} under {m.Policy}: {v}");
        _done++;
        _progress.Tell(new ScenarioProgress(_requestId, _done, _total));
        if (_pending.Count > 0) SendNext();
        else if (_done == _total) Complete();
    }

    private void Complete()
    {
        _over = true;
        Context.SetReceiveTimeout(null);
        var policies = _scenario.Policies.Select(p => new PolicyTotals(p, _totals[p], [.. _perMachine[p]])).ToImmutableArray();
        _requester.Tell(new ScenarioDone(_requestId, policies, [.. _violations]));
    }

    private void Give(string reason)
    {
        if (_over) return;
        _over = true;
        Context.SetReceiveTimeout(null);
        _log.Error("Scenario {Scenario}: {Reason}", _scenario.Id, reason);
        _requester.Tell(new ScenarioFailed(_requestId, reason));
    }
}
