namespace Emulation.Actors.Cluster;

/// <summary>The roles of a node: who coordinates a run and who runs machines.</summary>
public static class NodeRoles
{
    /// <summary>Runs a scenario's coordinator (the node that starts the run).</summary>
    public const string Coordinator = "coordinator";

    /// <summary>Hosts machine entities (the shard region of type `machine`).</summary>
    public const string Worker = Messages.Scenarios.ScriptedNode.WorkerRole;

    public static readonly IReadOnlyList<string> All = [Coordinator, Worker];
}

/// <summary>The key under which a node's machine shard region (or proxy) is registered with Akka.Hosting.</summary>
public sealed class MachineRegion;
