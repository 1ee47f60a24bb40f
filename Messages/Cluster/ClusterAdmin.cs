using System.Collections.Immutable;

namespace Emulation.Messages.Cluster;

/// <summary>Asks a node's admin actor (`/user/admin`) what its cluster looks like (`cluster status`).</summary>
public sealed record GetClusterStatus(long RequestId) : IEmulationMessage;

/// <summary>One member as the asked node sees it.</summary>
/// <param name="Status">Akka's member status: Joining, Up, Leaving, Exiting, Down, Removed, WeaklyUp.</param>
public sealed record MemberView(string Address, string Status, ImmutableArray<string> Roles, bool Reachable);

/// <summary>The asked node's view: itself, the leader, every member in address order.</summary>
public sealed record ClusterStatus(long RequestId, string Self, string? Leader, ImmutableArray<MemberView> Members) : IEmulationMessage;

/// <summary>Asks a node to make a member leave gracefully (`cluster leave ADDR`).</summary>
public sealed record LeaveMember(long RequestId, string Address) : IEmulationMessage;

/// <summary>Asks a node to mark a member down (`cluster down ADDR`): for a member that is gone and will not leave.</summary>
public sealed record DownMember(long RequestId, string Address) : IEmulationMessage;

/// <summary>What a leave or down request did, in words, or why it could not.</summary>
public sealed record AdminDone(long RequestId, bool Ok, string Outcome) : IEmulationMessage;

/// <summary>
/// Chaos: asks a node to cut, slow or heal its link to a peer with Akka.Remote's throttler (nodes started with
/// `--chaos` only). <paramref name="BytesPerSecond"/>: 0 cuts the link (a blackhole), a positive rate slows it,
/// -1 heals it.
/// </summary>
public sealed record ThrottleLink(long RequestId, string Peer, long BytesPerSecond) : IEmulationMessage;

/// <summary>Chaos: asks a node to stop at once without leaving (its system aborted): a crash, as the others see it.</summary>
public sealed record CrashNode(long RequestId) : IEmulationMessage;
