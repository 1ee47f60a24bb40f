using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Remote.Transport;
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
        Receive<ThrottleLink>(Throttle);
        Receive<CrashNode>(r =>
        {
            _log.Warning("Crashing on request (chaos): aborting the actor system without leaving");
            Sender.Tell(new AdminDone(r.RequestId, true, $"crash {cluster.SelfAddress}: aborting"));
            Context.System.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(100), () => ((ExtendedActorSystem)Context.System).Abort());
        });
    }

    /// <summary>Whether this node runs with Akka.Remote's throttling adapter (a chaos node).</summary>
    public static bool HasThrottler(ActorSystem system) =>
        system.Settings.Config.GetStringList("akka.remote.dot-netty.tcp.applied-adapters", []).Contains("trttl");

    private void Throttle(ThrottleLink r)
    {
        var sender = Sender;
        if (!HasThrottler(Context.System))
        {
            sender.Tell(new AdminDone(r.RequestId, false, "this node was not started with --chaos (no throttling transport)"));
            return;
        }
        ThrottleMode mode = r.BytesPerSecond switch
        {
            0 => Blackhole.Instance,
            < 0 => Unthrottled.Instance,
            var rate => new TokenBucket((int)Math.Min(rate, 64 * 1024), rate, 0, 0),
        };
        var what = r.BytesPerSecond switch { 0 => "cut", < 0 => "healed", var rate => $"slowed to {rate} B/s" };
        Links.Set(Context.System, Address.Parse(r.Peer), mode).PipeTo(sender,
            success: ok => new AdminDone(r.RequestId, ok, $"link {Akka.Cluster.Cluster.Get(Context.System).SelfAddress} <-> {r.Peer} {what}"),
            failure: e => new AdminDone(r.RequestId, false, $"link to {r.Peer}: {e.Message}"));
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
