using System.Collections.Immutable;
using Emulation.Actors.Cluster;

namespace Emulation.Host.Runs;

/// <summary>How to start a node.</summary>
/// <param name="Hostname">The address to bind and be reached at: 127.0.0.1 unless told otherwise (never mixed with `localhost`).</param>
/// <param name="Port">0: any free port (the bound address is printed).</param>
/// <param name="Roles"><see cref="NodeRoles"/>: a worker hosts machines; a node without it reaches them through a proxy.</param>
/// <param name="Seed">A member's address to join; null: the node founds a cluster of its own.</param>
/// <param name="Overlay">HOCON over akka.hocon (log level, test timings).</param>
/// <param name="Chaos">Start with Akka.Remote's throttling transport adapter, so that links can be cut and slowed
/// (conventions: nodes with and without it cannot join each other).</param>
public sealed record NodeSettings(string Hostname, int Port, ImmutableArray<string> Roles, string? Seed, string Overlay, bool Chaos = false)
{
    /// <summary>The transport adapter of chaos nodes.</summary>
    public const string ChaosOverlay = "akka.remote.dot-netty.tcp.applied-adapters = [\"trttl\"]";

    /// <summary>The overlay with the chaos adapter when asked for.</summary>
    public string EffectiveOverlay => Chaos ? Overlay + "\n" + ChaosOverlay : Overlay;

    /// <summary>The single node of a plain `run`: coordinator and worker at once, founding its own cluster.</summary>
    public static NodeSettings Single(string overlay = "") =>
        new("127.0.0.1", 0, [NodeRoles.Coordinator, NodeRoles.Worker], null, overlay);

    public bool IsWorker => Roles.Contains(NodeRoles.Worker);
}
