using Emulation.Actors.Uapi;

namespace Emulation.Messages.Machines;

/// <summary>
/// Every figure a run reports, in report order: the one definition the machines' tallies, the JSON
/// report, the `compare` table, the `expect` names and docs/scenarios.md's metric list come from (a test
/// compares the docs to it). A name with a dot is nested in the JSON (`imports.clean` is `clean` inside
/// `imports`); a group name (`imports`) or a keyed figure's bare name (`copies`, `gpu-us`) is the total.
/// Figures split by owner are the client's under their bare name, the compositor's and another process's
/// under `compositor.NAME` and `other.NAME`.
/// </summary>
public static class Metrics
{
    private static Metric Count(string name, string description, string? column = null, bool byOwner = false) =>
        new(name, MetricUnit.Count, MetricKeys.None, MetricSum.Sum, byOwner, description, column);

    public static readonly Metric ImportsClean = Count("imports.clean",
        "client buffers the compositor imported without moving or pinning them", "imports c/m/p/f");

    public static readonly Metric ImportsMigrated = Count("imports.migrated",
        "client buffers whose import (attach, first map or pin) moved them", "imports c/m/p/f");

    public static readonly Metric ImportsPinned = Count("imports.pinned",
        "client buffers whose import pinned them (precedence: failed > pinned > migrated > clean)", "imports c/m/p/f");

    public static readonly Metric ImportsFailed = new("imports.failed", MetricUnit.Count, MetricKeys.Errno, MetricSum.Sum, false,
        "client buffers the compositor could not import, by errno (`imports.failed.EINVAL`)", "imports c/m/p/f");

    public static readonly Metric ProbesAttempts = Count("probes.attempts",
        "NO_MOVE or SAME_DEVICE imports the compositor tried (one per device tried)", "probes a/f/fooled/fb");

    public static readonly Metric ProbesFailed = Count("probes.failed",
        "probes the kernel refused (R16, R17)", "probes a/f/fooled/fb");

    public static readonly Metric ProbesFooled = Count("probes.fooled",
        "probes that succeeded while the buffer was outside its preferred placement (an evicted buffer passes NO_MOVE)",
        "probes a/f/fooled/fb");

    public static readonly Metric ProbesFallbacks = Count("probes.fallbacks",
        "imports that fell back to `legacy` because the kernel lacks the capability the policy needs (R7, R18)",
        "probes a/f/fooled/fb");

    public static readonly Metric ImportMigrations = Count("import-migrations",
        "moves caused by an import's attach, map or pin", "migr i/e/v", byOwner: true);

    public static readonly Metric EvictionMigrations = Count("eviction-migrations",
        "moves by eviction under memory pressure (R14)", "migr i/e/v", byOwner: true);

    public static readonly Metric ValidateMigrations = Count("validate-migrations",
        "moves by the owner's validation (R13, R14) and dynamic re-maps (R12)", "migr i/e/v", byOwner: true);

    public static readonly Metric Migrations = new("migrations", MetricUnit.Count, MetricKeys.None, MetricSum.Sum, true,
        "the three kinds of moves together", null, ["import-migrations", "eviction-migrations", "validate-migrations"]);

    public static readonly Metric BytesMoved = new("bytes-moved", MetricUnit.Bytes, MetricKeys.None, MetricSum.Sum, true,
        "bytes of all moves", "moved GB");

    public static readonly Metric MoveMs = new("move-ms", MetricUnit.Milliseconds, MetricKeys.None, MetricSum.Sum, true,
        "device time the moves cost (R22: B/bw(owner, from) + B/bw(owner, to), on the buffer's device); the table shows " +
        "milliseconds per machine per frame", "move ms");

    public static readonly Metric PinnedInSystem = Count("pinned-in-system",
        "summed over frames: buffers with pins held in gtt or system whose preferred placement is vram", "pinned sys", byOwner: true);

    public static readonly Metric MisplacedFrames = Count("misplaced-frames",
        "summed over frames: buffers outside their preferred placement, pinned or not", "misplaced", byOwner: true);

    public static readonly Metric Evictions = Count("evictions", "buffers evicted (R14)", byOwner: true);

    public static readonly Metric MoveNotifies = Count("move-notifies", "move-notifies sent to dynamic attachments (R12)", "notifies");

    public static readonly Metric PingPongCycles = Count("ping-pong-cycles",
        "round trips of one buffer: vram, elsewhere, vram again", "ping-pong", byOwner: true);

    public static readonly Metric Copies = new("copies", MetricUnit.Count, MetricKeys.CopyRung, MetricSum.Sum, false,
        "frames brought to an output, and shadow copies made, by rung of the copy ladder (`copies.blit`); once per new " +
        "content, not per refresh", "copies");

    public static readonly Metric BytesCopied = new("bytes-copied", MetricUnit.Bytes, MetricKeys.None, MetricSum.Sum, false,
        "bytes of those copies (their damaged part)", "copied GB");

    public static readonly Metric ShadowBytes = new("shadow-bytes", MetricUnit.Bytes, MetricKeys.None, MetricSum.Sum, false,
        "the most bytes the compositor held at once in shadow and copy buffers (per machine; summed over machines)");

    public static readonly Metric GpuUs = new("gpu-us", MetricUnit.Microseconds, MetricKeys.Device, MetricSum.Sum, false,
        "GPU time (R22), by device (`gpu-us.dgpu`): rendering, compositing, copies and moves");

    public static readonly Metric CpuUs = new("cpu-us", MetricUnit.Microseconds, MetricKeys.None, MetricSum.Sum, false,
        "CPU time (R22): CPU copies and reads");

    public static readonly Metric GpuMs = new("gpu-ms", MetricUnit.Milliseconds, MetricKeys.Device, MetricSum.Sum, false,
        "a device's time per frame, by device: `mean`, `p99`, `max` (`gpu-ms.dgpu.p99`)", "ms mean/p99")
    {
        Form = MetricForm.Distribution,
        Statistics = ["mean", "p99", "max"],
    };

    public static readonly Metric CpuMs = new("cpu-ms", MetricUnit.Milliseconds, MetricKeys.None, MetricSum.Sum, false,
        "the CPU's time per frame: `mean`, `p99`, `max` (`cpu-ms.p99`)", "CPU ms")
    {
        Form = MetricForm.Distribution,
        Statistics = ["mean", "p99", "max"],
    };

    public static readonly Metric FrameMs = new("frame-ms", MetricUnit.Milliseconds, MetricKeys.Output, MetricSum.Sum, false,
        "per output, for each frame that brought new content: the time of the slowest device (or the CPU) on its path " +
        "(R22): `p50`, `p95`, `p99`, `max` (`frame-ms.hdmi.p99`)", "p99 ms")
    {
        Form = MetricForm.Distribution,
        Statistics = ["p50", "p95", "p99", "max"],
    };

    public static readonly Metric ShownFrames = new("shown-frames", MetricUnit.Count, MetricKeys.Output, MetricSum.Sum, false,
        "frames that brought new content to an output, by output");

    public static readonly Metric LateFrames = new("late-frames", MetricUnit.Count, MetricKeys.Output, MetricSum.Sum, false,
        "refresh intervals that frames slipped past their deadline (a 25 ms frame at 60 Hz slips 1), by output", "missed/late/blank");

    public static readonly Metric Fps = new("fps", MetricUnit.PerSecond, MetricKeys.Output, MetricSum.Sum, false,
        "frames shown per second of emulated time, by output: shown frames / (frames at 60 Hz + slipped intervals), " +
        "per machine", "fps")
    {
        Form = MetricForm.Computed,
        Compute = (m, c, key) =>
        {
            var refresh = c.Topology.AllOutputs.ElementAt(key).RefreshHz;
            var seconds = c.MachineFrames / 60.0 + (double)m[LateFrames, key] / Math.Max(1, refresh);
            return seconds <= 0 ? 0 : Math.Round(m[ShownFrames, key] / seconds, 2);
        },
    };

    public static readonly Metric MissedFrames = new("missed-frames", MetricUnit.Count, MetricKeys.Output, MetricSum.Sum, false,
        "frames over their output's budget (R22), or blank, by output (`missed-frames.hdmi`)", "missed/late/blank");

    public static readonly Metric BlankFrames = new("blank-frames", MetricUnit.Count, MetricKeys.Output, MetricSum.Sum, false,
        "frames in which a committed surface could not be shown (its import failed, no rung of the copy ladder worked), by output",
        "missed/late/blank");

    public static readonly Metric PeakPoolBytes = new("peak-pool-bytes", MetricUnit.Bytes, MetricKeys.Pool, MetricSum.Max, false,
        "the most bytes resident in a memory pool at the end of a frame, by pool (`peak-pool-bytes.vram:dgpu`); the largest over machines");

    public static readonly Metric InvariantViolations = Count("invariant-violations",
        "violations the kernel model's invariant checker found; must be 0", "violations");

    /// <summary>Every metric, in report order.</summary>
    public static readonly IReadOnlyList<Metric> All =
    [
        ImportsClean, ImportsMigrated, ImportsPinned, ImportsFailed, ProbesAttempts, ProbesFailed, ProbesFooled, ProbesFallbacks,
        ImportMigrations, EvictionMigrations, ValidateMigrations, Migrations, BytesMoved, MoveMs, PinnedInSystem, MisplacedFrames,
        Evictions, MoveNotifies, PingPongCycles, Copies, BytesCopied, ShadowBytes, GpuUs, CpuUs, GpuMs, CpuMs, FrameMs, Fps,
        ShownFrames, MissedFrames, LateFrames, BlankFrames, PeakPoolBytes, InvariantViolations,
    ];

    /// <summary>The metrics kept per machine, in slot order.</summary>
    public static readonly IReadOnlyList<Metric> Stored = [.. All.Where(m => m.Stored)];

    /// <summary>The metrics split by owner.</summary>
    public static readonly IReadOnlyList<Metric> ByOwner = [.. All.Where(m => m.ByOwner)];

    public static Metric? Find(string name) => All.FirstOrDefault(m => m.Name == name);

    /// <summary>The errno names a failure figure is keyed by, in errno order (key i is errno i + 1).</summary>
    public static readonly IReadOnlyList<string> ErrnoKeys =
        [.. Enum.GetValues<Errno>().Where(e => e != Errno.None).Select(e => e.ToString())];
}
