using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Remote;
using Akka.Remote.Transport;
using Emulation.Actors.Cluster;
using Emulation.Host.Runs;

namespace Emulation.Tests.Cluster;

/// <summary>Cluster tests run alone: several nodes on 2 cores must not share them with the rest of the suite.</summary>
[CollectionDefinition("cluster", DisableParallelization = true)]
public sealed class ClusterCollection;

/// <summary>
/// In-process nodes for cluster tests: 127.0.0.1, port 0, Akka's fast test timings (docs/toolchain.md), the throttling
/// transport adapter (for blackholes), and bounded waits and shutdowns.
/// </summary>
internal sealed class ClusterTestNodes : IAsyncDisposable
{
    /// <summary>toolchain.md's fast overlay, with heartbeat slack for 2 busy cores and SBR set per test.</summary>
    public static string Overlay(TimeSpan stableAfter) => $$"""
        akka.loglevel = ERROR
        akka.remote.dot-netty.tcp.applied-adapters = ["trttl"]
        akka.cluster {
          periodic-tasks-initial-delay = 100ms
          gossip-interval = 200ms
          leader-actions-interval = 200ms
          unreachable-nodes-reaper-interval = 250ms
          publish-stats-interval = off
          failure-detector { heartbeat-interval = 250ms, acceptable-heartbeat-pause = 2s, expected-response-after = 500ms }
          split-brain-resolver { stable-after = {{(int)stableAfter.TotalMilliseconds}}ms, down-all-when-unstable = off }
          down-removal-margin = off
          distributed-data { gossip-interval = 200ms, notify-subscribers-interval = 100ms }
          sharding { retry-interval = 200ms, waiting-for-state-timeout = 1s, updating-state-timeout = 1s,
                     shard-start-timeout = 1s, entity-restart-backoff = 200ms, coordinator-failure-backoff = 500ms,
                     handoff-timeout = 5s, rebalance-interval = 1s }
          singleton.hand-over-retry-interval = 200ms
          singleton-proxy.singleton-identification-interval = 200ms
        }
        akka.remote.retry-gate-closed-for = 200ms
        akka.coordinated-shutdown.phases { cluster-sharding-shutdown-region.timeout = 3s, cluster-leave.timeout = 3s, cluster-exiting.timeout = 3s }
        """;

    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public ImmutableArray<EmulationNode> Nodes { get; }

    private ClusterTestNodes(ImmutableArray<EmulationNode> nodes) => Nodes = nodes;

    /// <summary>A coordinator node and <paramref name="workers"/> workers joining it, all Up and seen by all when this returns.</summary>
    public static async Task<ClusterTestNodes> StartAsync(int workers, TimeSpan stableAfter)
    {
        var overlay = Overlay(stableAfter);
        var first = await EmulationNode.StartAsync(new NodeSettings("127.0.0.1", 0, [NodeRoles.Coordinator], null, overlay));
        var others = await Task.WhenAll(Enumerable.Range(0, workers).Select(_ =>
            EmulationNode.StartAsync(new NodeSettings("127.0.0.1", 0, [NodeRoles.Worker], first.Address, overlay))));
        var nodes = new ClusterTestNodes([first, .. others]);
        using var bound = new CancellationTokenSource(Bound);
        while (!nodes.Nodes.All(n => Akka.Cluster.Cluster.Get(n.System).State.Members.Count(m => m.Status == MemberStatus.Up) == workers + 1))
            await Task.Delay(50, bound.Token);
        return nodes;
    }

    /// <summary>Cuts (or heals) the link between two nodes, on both sides, with Akka.Remote's throttler.</summary>
    public static async Task Blackhole(EmulationNode a, EmulationNode b, bool cut)
    {
        ThrottleMode mode = cut ? Akka.Remote.Transport.Blackhole.Instance : Unthrottled.Instance;
        foreach (var (from, to) in new[] { (a, b), (b, a) })
        {
            var transport = ((RemoteActorRefProvider)((ExtendedActorSystem)from.System).Provider).Transport;
            Assert.True(await transport.ManagementCommand(new SetThrottle(Address.Parse(to.Address), ThrottleTransportAdapter.Direction.Both, mode))
                .WaitAsync(Bound));
        }
    }

    public async ValueTask DisposeAsync() =>
        await Task.WhenAll(Nodes.Select(n => n.AbortAsync(TimeSpan.FromSeconds(10))));
}
