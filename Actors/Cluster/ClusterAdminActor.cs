using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Emulation.Messages.Cluster;

namespace Emulation.Actors.Cluster;

/// <summary>
/// Every node's `/user/admin`: answers `cluster status`, `leave` and `down` from the command line (a stand-in for
/// Petabridge.Cmd's `cluster show/leave/down`, which is not available here). It only reads and asks the cluster
/// extension; it keeps no state of its own.
/// </summary>
public sealed class ClusterAdminActor : ReceiveActor
{
    public const string Name = "admin";

    public static Props Props() => Akka.Actor.Props.Create(() => new ClusterAdminActor());

    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ClusterAdminActor()
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        Receive<GetClusterStatus>(r => Sender.Tell(Status(cluster, r.RequestId)));
        Receive<LeaveMember>(r => Sender.Tell(Apply(cluster, r.RequestId, r.Address, "leave", a => cluster.Leave(a))));
        Receive<DownMember>(r => Sender.Tell(Apply(cluster, r.RequestId, r.Address, "down", a => cluster.Down(a))));
    }

    public static ClusterStatus Status(Akka.Cluster.Cluster cluster, long requestId)
    {
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var members = state.Members
            .OrderBy(m => m.Address.ToString(), StringComparer.Ordinal)
            .Select(m => new MemberView(m.Address.ToString(), m.Status.ToString(), [.. m.Roles.Order(StringComparer.Ordinal)],
                !unreachable.Contains(m.Address)))
            .ToImmutableArray();
        return new ClusterStatus(requestId, cluster.SelfAddress.ToString(), state.Leader?.ToString(), members);
    }

    private AdminDone Apply(Akka.Cluster.Cluster cluster, long requestId, string address, string verb, Action<Address> act)
    {
        Address target;
        try
        {
            target = Address.Parse(address);
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
        {
            return new AdminDone(requestId, false, $"'{address}' is not a node address (expected akka.tcp://emulation@HOST:PORT)");
        }
        if (cluster.State.Members.All(m => m.Address != target))
            return new AdminDone(requestId, false, $"{address} is not a member of the cluster {cluster.SelfAddress} belongs to");
        _log.Warning("{Verb} {Address}, asked from the command line", verb, address);
        act(target);
        return new AdminDone(requestId, true, $"{verb} {address}: asked");
    }
}
