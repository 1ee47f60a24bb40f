using System.Collections.Immutable;

namespace Emulation.Messages.Machines;

/// <summary>Asks a scenario coordinator to run every machine of its scenario under every policy.</summary>
public sealed record StartScenario(long RequestId) : IEmulationMessage;

/// <summary>One policy's figures summed over machines, and each machine's own, in index order.</summary>
public sealed record PolicyTotals(string Policy, MachineMetrics Totals, ImmutableArray<MachineMetrics> Machines);

/// <summary>Every machine ran: per-policy totals in the scenario's policy order, and some violation texts.</summary>
public sealed record ScenarioDone(long RequestId, ImmutableArray<PolicyTotals> Policies, ImmutableArray<string> Violations) : IEmulationMessage;

/// <summary>The run gave up: a machine failed.</summary>
public sealed record ScenarioFailed(long RequestId, string Reason) : IEmulationMessage;

/// <summary>Progress of a run, to whoever subscribed when starting it.</summary>
public sealed record ScenarioProgress(long RequestId, int Done, int Total) : IEmulationMessage;
