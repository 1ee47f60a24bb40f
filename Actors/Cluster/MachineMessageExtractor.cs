using Akka.Cluster.Sharding;
using Emulation.Messages.Machines;

namespace Emulation.Actors.Cluster;

/// <summary>Routes machine messages to their entity by machine id ("run/policy/index").</summary>
public sealed class MachineMessageExtractor(int shards = MachineMessageExtractor.DefaultShards) : HashCodeMessageExtractor(shards)
{
    /// <summary>10 x the largest node count we plan to run.</summary>
    public const int DefaultShards = 100;

    public override string? EntityId(object message) => (message as IWithMachineId)?.MachineId;
}
