using Akka.Actor;
using Akka.Cluster.Sharding;
using Emulation.Actors.Machines;

namespace Emulation.Actors.Cluster;

/// <summary>The "machine" shard region: every emulated machine is an entity, placed on any node.</summary>
public static class MachineSharding
{
    public const string TypeName = "machine";

    public static Task<IActorRef> StartAsync(ActorSystem system) =>
        ClusterSharding.Get(system).StartAsync(TypeName, _ => MachineActor.Props(sharded: true),
            ClusterShardingSettings.Create(system), new MachineMessageExtractor());
}
