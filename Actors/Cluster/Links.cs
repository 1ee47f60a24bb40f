using Akka.Actor;
using Akka.Remote;
using Akka.Remote.Transport;

namespace Emulation.Actors.Cluster;

/// <summary>
/// Cuts, slows or heals this node's link to a peer with Akka.Remote's throttling transport adapter (the way Akka's own
/// multi-node chaos specs do it: Akka.Remote.TestKit drives the same adapter). Both directions of the association are
/// throttled on this side; the node must run with `applied-adapters = ["trttl"]`.
/// </summary>
public static class Links
{
    public static Task<bool> Set(ActorSystem system, Address peer, ThrottleMode mode) =>
        ((RemoteActorRefProvider)((ExtendedActorSystem)system).Provider).Transport
            .ManagementCommand(new SetThrottle(peer, ThrottleTransportAdapter.Direction.Both, mode));
}
