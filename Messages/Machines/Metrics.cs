using Emulation.Actors.Uapi;

namespace Emulation.Messages.Machines;

/// <summary>
/// Every figure a run reports, in report order: the one definition the machines' tallies, the JSON
/// report, the `compare` table, the `expect` names and docs/scenarios.md's metric list come from (a test
/// compares the docs to it). A name with a dot is nested in the JSON (`imports.clean` is `clean` inside
/// `imports`); a group name (`imports`) or a keyed figure's bare name (`copies`, `gpu-us`) is the total.
/// </summary>
public static class Metrics
{
    public static readonly Metric ImportsClean = new("imports.clean", MetricUnit.Count, MetricKeys.None, MetricSum.Sum, false,
        "client buffers the compositor imported without moving or pinning them", "imports c/m/p/f");

    public static readonly Metric ImportsMigrated = new("imports.migrated", MetricUnit.Count, MetricKeys.None, MetricSum.Sum, false,
        "client buffers whose import (attach, first map or pin) moved them", "imports c/m/p/f");

    public static readonly Metric ImportsPinned = new("imports.pinned", MetricUnit.Count, MetricKeys.None, MetricSum.Sum, false,
        "client buffers whose import pinned them (precedence: failed > pinned > migrated > clean)", "imports c/m/p/f");

    public static readonly Metric ImportsFailed = new("imports.failed", MetricUnit.Count, MetricKeys.Errno, MetricSum.Sum, false,
        "client buffers the compositor could not import, by errno (`imports.failed.EINVAL`)", "imports c/m/p/f");

    public static readonly Metric ImportMigrations = new("import-migrations", MetricUnit.Count, MetricKeys.None, MetricSum.Sum, false,
        "moves caused by an import's attach, map or pin", "import migr");

    public static readonly Metric EvictionMigrations = new("eviction-migrations", MetricUnit.Count, MetricKeys.None, MetricSum.Sum, false,
        "moves by eviction under memory pressure (R14)", "evict migr");

    public static readonly Metric ValidateMigrations = new("validate-migrations", MetricUnit.Count, MetricKeys.None, MetricSum.Sum, false,
        "moves by the owner's validation (R13) and dynamic re-maps (R12)", "valid. migr");

    public static readonly Metric Migrations = new("migrations", MetricUnit.Count, MetricKeys.None, MetricSum.Sum, false,
        "the three kinds of moves together", null, ["import-migrations", "eviction-migrations", "validate-migrations"]);

    public static readonly Metric BytesMoved = new("bytes-moved", MetricUnit.Bytes, MetricKeys.None, MetricSum.Sum, false,
        "bytes of all moves");

    public static readonly Metric PinnedInSystem = new("pinned-in-system", MetricUnit.Count, MetricKeys.None, MetricSum.Sum, false,
        "summed over frames: buffers with pins held in gtt or system whose preferred placement is vram", "pinned sys");

    public static readonly Metric Evictions = new("evictions", MetricUnit.Count, MetricKeys.None, MetricSum.Sum, false,
        "buffers evicted (R14)");

    public static readonly Metric MoveNotifies = new("move-notifies", MetricUnit.Count, MetricKeys.None, MetricSum.Sum, false,
        "move-notifies sent to dynamic attachments (R12)", "notifies");

    public static readonly Metric PingPongCycles = new("ping-pong-cycles", MetricUnit.Count, MetricKeys.None, MetricSum.Sum, false,
        "round trips of one buffer: vram, elsewhere, vram again", "ping-pong");

    public static readonly Metric Copies = new("copies", MetricUnit.Count, MetricKeys.CopyRung, MetricSum.Sum, false,
        "frames brought to an output, and shadow copies made, by rung of the copy ladder (`copies.blit`)", "copies");

    public static readonly Metric BytesCopied = new("bytes-copied", MetricUnit.Bytes, MetricKeys.None, MetricSum.Sum, false,
        "bytes of those copies", "copied GB");

    public static readonly Metric GpuUs = new("gpu-us", MetricUnit.Microseconds, MetricKeys.Device, MetricSum.Sum, false,
        "GPU time (R22), by device (`gpu-us.dgpu`); the table shows milliseconds per machine per frame", "ms");

    public static readonly Metric CpuUs = new("cpu-us", MetricUnit.Microseconds, MetricKeys.None, MetricSum.Sum, false,
        "CPU time (R22); the table shows milliseconds per machine per frame", "CPU ms");

    public static readonly Metric MissedFrames = new("missed-frames", MetricUnit.Count, MetricKeys.Output, MetricSum.Sum, false,
        "frames over their output's budget or not shown at all (R22), by output (`missed-frames.hdmi`)", "missed");

    public static readonly Metric PeakPoolBytes = new("peak-pool-bytes", MetricUnit.Bytes, MetricKeys.Pool, MetricSum.Max, false,
        "the most bytes resident in a memory pool at the end of a frame, by pool (`peak-pool-bytes.vram:dgpu`); the largest over machines");

    public static readonly Metric InvariantViolations = new("invariant-violations", MetricUnit.Count, MetricKeys.None, MetricSum.Sum, false,
        "violations the kernel model's invariant checker found; must be 0", "violations");

    /// <summary>Every metric, in report order.</summary>
    public static readonly IReadOnlyList<Metric> All =
    [
        ImportsClean, ImportsMigrated, ImportsPinned, ImportsFailed, ImportMigrations, EvictionMigrations, ValidateMigrations,
        Migrations, BytesMoved, PinnedInSystem, Evictions, MoveNotifies, PingPongCycles, Copies, BytesCopied, GpuUs, CpuUs,
        MissedFrames, PeakPoolBytes, InvariantViolations,
    ];

    /// <summary>The metrics kept per machine, in slot order.</summary>
    public static readonly IReadOnlyList<Metric> Stored = [.. All.Where(m => m.Stored)];

    public static Metric? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    /// <summary>The errno names a failure figure is keyed by, in errno order (key i is errno i + 1).</summary>
    public static readonly IReadOnlyList<string> ErrnoKeys =
        [.. Enum.GetValues<Errno>().Where(e => e != Errno.None).Select(e => e.ToString())];
}
