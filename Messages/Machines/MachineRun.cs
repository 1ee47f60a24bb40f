using System.Collections.Immutable;
using Emulation.Messages.Scenarios;

namespace Emulation.Messages.Machines;

/// <summary>A message for one emulated machine (a sharding entity), named by run, policy and machine index.</summary>
public interface IWithMachineId : IEmulationMessage
{
    string MachineId { get; }
}

/// <summary>Run one machine of a scenario under one policy, frames 0..end, and answer the requester.</summary>
public sealed record RunMachine(long RequestId, string RunId, ScenarioSpec Scenario, string Policy, int Index, int InvariantCheckEvery) : IWithMachineId
{
    public string MachineId => MachineIds.Of(RunId, Policy, Index);
}

/// <summary>A machine finished: its figures, and the first invariant violations its kernel described.</summary>
public sealed record MachineDone(long RequestId, string RunId, string Policy, int Index, MachineMetrics Metrics, ImmutableArray<string> Violations)
    : IEmulationMessage;

/// <summary>A machine could not finish (an actor of it failed or it stalled); the run gives up on it.</summary>
public sealed record MachineFailed(long RequestId, string RunId, string Policy, int Index, string Reason) : IEmulationMessage;

public static class MachineIds
{
    /// <summary>"run/policy/index": the entity id; unique per run, so a machine runs once.</summary>
    public static string Of(string runId, string policy, int index) => $"{runId}/{policy}/{index}";
}
