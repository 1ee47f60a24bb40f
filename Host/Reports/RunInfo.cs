namespace Emulation.Host.Reports;

/// <summary>The part of a report that is not a function of the scenario: when, where, on which nodes, what was injected.</summary>
public sealed record RunInfo(
    DateTimeOffset Started,
    TimeSpan Duration,
    string Host,
    IReadOnlyList<string> Nodes,
    IReadOnlyList<string> Faults,
    IReadOnlyList<string> RerunMachines,
    IReadOnlyList<string> InvariantDetails);
