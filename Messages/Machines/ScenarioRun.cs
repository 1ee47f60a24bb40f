using System.Collections.Immutable;

namespace Emulation.Messages.Machines;

/// <summary>Asks a scenario coordinator to run every machine of its scenario under every policy.</summary>
public sealed record StartScenario(long RequestId) : IEmulationMessage;

/// <summary>One policy's figures summed over machines, and each machine's own, in index order.</summary>
public sealed record PolicyTotals(string Policy, MachineMetrics Totals, ImmutableArray<MachineMetrics> Machines);

/// <summary>How many machines' results one node delivered.</summary>
public sealed record NodeShare(string Node, int Machines);

/// <summary>A change of the cluster the coordinator saw during the run, with its time since the run started.</summary>
public sealed record MembershipEvent(long AtMillis, string Node, string Event);

/// <summary>
/// Every machine ran: per-policy totals in the scenario's policy order, and some violation texts; and how the run was
/// spread: the results each node delivered, the cluster changes seen, and the machines sent again after their node left
/// ("policy/index", in the order they were re-dispatched).
/// </summary>
public sealed record ScenarioDone(long RequestId, ImmutableArray<PolicyTotals> Policies, ImmutableArray<string> Violations) : IEmulationMessage
{
    public ImmutableArray<NodeShare> Nodes { get; init; } = [];

    public ImmutableArray<MembershipEvent> Membership { get; init; } = [];

    public ImmutableArray<string> Reruns { get; init; } = [];
}

/// <summary>
/// A machine stopped before it finished without failing (its shard was handed off to another node, its node is
/// leaving): the coordinator sends it again.
/// </summary>
public sealed record MachineInterrupted(long RequestId, string RunId, string Policy, int Index) : IEmulationMessage;

/// <summary>The run gave up: a machine failed.</summary>
public sealed record ScenarioFailed(long RequestId, string Reason) : IEmulationMessage;

/// <summary>Progress of a run, to whoever subscribed when starting it.</summary>
public sealed record ScenarioProgress(long RequestId, int Done, int Total) : IEmulationMessage;
