using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages.Scenarios;

/// <summary>
/// A validated scenario: everything a machine needs to run, as data. It travels to machine entities
/// as part of the protocol, so a scenario runs the same on any node.
/// </summary>
/// <param name="Id">Catalogue id (T01) or the file's name.</param>
/// <param name="Source">The file it came from (reports, errors).</param>
/// <param name="Policies">Policy ids to compare, in their documented order (docs/scenarios.md, policies).</param>
public sealed record ScenarioSpec(
    string Id,
    string Name,
    string Source,
    ulong Seed,
    int Machines,
    int Frames,
    Knobs Knobs,
    Topology Topology,
    CompositorSpec Compositor,
    ImmutableArray<string> Policies,
    ImmutableArray<ClientSpec> Clients,
    ImmutableArray<TimelineEvent> Timeline,
    ImmutableArray<VariationAxis> Variation,
    ImmutableArray<Expectation> Expectations)
{
    /// <summary>The nodes a `cluster` block scripts (none: the run's own node, or the nodes the command line gives).</summary>
    public ImmutableArray<ScriptedNode> Nodes { get; init; } = [];

    /// <summary>The last frame a timeline event names (a `--frames` below it is bad input).</summary>
    public int LastTimelineFrame => Timeline.IsDefaultOrEmpty ? 0 : Timeline.Max(e => e.Frame);
}
