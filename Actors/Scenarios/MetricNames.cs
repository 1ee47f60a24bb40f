using Emulation.Actors.Uapi;

namespace Emulation.Actors.Scenarios;

/// <summary>
/// The metric names of spec section 5, as `expect` predicates and the JSON report name them. Nested
/// figures are named with dots: `imports.clean`, `imports.failed.EINVAL`, `copies.blit`,
/// `gpu-us.dgpu`, `missed-frames.hdmi`; a group's bare name is its total (`imports`, `copies`).
/// </summary>
public static class MetricNames
{
    public static readonly IReadOnlyList<string> Scalars =
    [
        "import-migrations", "eviction-migrations", "validate-migrations", "migrations", "bytes-moved",
        "pinned-in-system", "evictions", "move-notifies", "ping-pong-cycles", "bytes-copied", "cpu-us",
        "invariant-violations",
    ];

    public static readonly IReadOnlyList<string> ImportOutcomes = ["clean", "migrated", "pinned", "failed"];

    public static readonly IReadOnlyList<string> CopyRungs = ["zero-copy", "blit", "gpu-copy", "cpu-copy"];

    /// <summary>Every name valid for a topology (its devices and outputs name the per-device and per-output figures).</summary>
    public static IReadOnlyList<string> All(Topology topology)
    {
        var names = new List<string>(Scalars) { "imports", "copies", "gpu-us", "missed-frames" };
        names.AddRange(ImportOutcomes.Select(o => $"imports.{o}"));
        names.AddRange(Enum.GetValues<Errno>().Where(e => e != Errno.None).Select(e => $"imports.failed.{e}"));
        names.AddRange(CopyRungs.Select(r => $"copies.{r}"));
        names.AddRange(topology.Devices.Select(d => $"gpu-us.{d.Id}"));
        names.AddRange(topology.AllOutputs.Select(o => $"missed-frames.{o.Name}"));
        return names;
    }
}
