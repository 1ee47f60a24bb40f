using Emulation.Actors.Machines;
using Emulation.Actors.Uapi;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;
using Emulation.Tests.Scenarios;

namespace Emulation.Tests.Machines;

/// <summary>
/// R22 end to end: pairs of machines that differ in one thing, showing that a moved byte, a copy, a failed import
/// and a misplaced buffer each change the figures a user sees, in the direction and of about the size the cost
/// model gives (bandwidths from the scenario, never figures copied from a run).
/// </summary>
public sealed class CostPairTests
{
    /// <summary>An Intel + AMD laptop (dGPU: VRAM 256 GB/s, link 16 GB/s; iGPU memory 64 GB/s), one 4K game on the dGPU's HDMI.</summary>
    private const string Laptop = """
        scenario {
          frames = 60
          kernel { kernel = proposals, move-throttle = off }
          topology {
            devices = [
              { id = igpu, driver = i915, bandwidth { memory = 64 }, outputs = [ { name = edp, built-in = true } ] }
              { id = dgpu, driver = __DGPU__, vram = 1GiB, bandwidth { vram = 256, link = 16 }, outputs = [ { name = hdmi, size = 3840x2160 } ] }
            ]
          }
          compositor { primary = built-in-panel, render = __RENDER__ }
          clients = [ { name = game, kind = game, device = dgpu, allocation = sampling-device, buffers = 3, size = 3840x2160, output = hdmi, fps = __FPS__, damage = __DAMAGE__ } ]
          __TIMELINE__
        }
        """;

    private const long Bytes4K = 3840L * 2160 * 4;

    private static MachineMetrics Run(ImportPolicy policy, string render = "per-output", string timeline = "", string dgpu = "amdgpu",
        int fps = 60, double damage = 1.0)
    {
        var text = Laptop.Swap("__DGPU__", dgpu).Swap("__RENDER__", render).Swap("__TIMELINE__", timeline)
            .Swap("__FPS__", $"{fps}").Swap("__DAMAGE__", damage.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return DirectMachine.Run(ScenarioText.Parse(text), policy, 0).Result!;
    }

    private static double Value(MachineMetrics m, string name) =>
        MetricNames.Value(m, name, new MetricContext(ScenarioText.Parse(Laptop.Swap("__DGPU__", "amdgpu").Swap("__RENDER__", "per-output")
            .Swap("__TIMELINE__", "").Swap("__FPS__", "60").Swap("__DAMAGE__", "1")).Topology, 60))!.Value;

    [Fact]
    public void A_moved_byte_costs_its_device_time_in_the_frame_it_moves()
    {
        // The same machine, but another process takes the dGPU's VRAM for ten frames: the game's buffers are
        // evicted to GTT and come back, and every byte moved costs the dGPU its read and its write.
        var quiet = Run(ImportPolicy.ClientHint);
        var pressed = Run(ImportPolicy.ClientHint, timeline: "timeline = [ { frame = 20, vram-pressure { device = dgpu, leave = 16MiB, frames = 10 } } ]");
        Assert.Equal(0, quiet.Total(Metrics.MoveMs));
        var bytes = pressed.Total(Metrics.BytesMoved);
        Assert.True(bytes >= 3 * Bytes4K, $"{bytes} bytes moved");
        // Every move of a client buffer here is between VRAM and GTT: B/256 + B/16 ns.
        var expected = bytes / 256.0 + bytes / 16.0;
        Assert.InRange(pressed.Total(Metrics.MoveMs), expected * 0.99, expected * 1.01 + 1000);
        Assert.True(pressed.Total(Metrics.GpuUs) > quiet.Total(Metrics.GpuUs) + pressed.Total(Metrics.MoveMs) / 2,
            "the moves (and the frames rendered from GTT) show in the dGPU's time");
    }

    [Fact]
    public void A_copy_costs_once_per_commit_for_the_damaged_part()
    {
        // Composited on the iGPU (fixed primary), the game's VRAM buffers reach it through a shadow copy per commit.
        var full = Run(ImportPolicy.ClientHint, render: "fixed-primary", fps: 30);
        var quarter = Run(ImportPolicy.ClientHint, render: "fixed-primary", fps: 30, damage: 0.25);
        var shadows = full[Metrics.Copies, (int)CopyRung.GpuCopy];
        Assert.InRange(shadows, 29, 31); // 30 commits in 60 frames at 30 fps: one copy each, not one per refresh
        Assert.Equal(shadows, quarter[Metrics.Copies, (int)CopyRung.GpuCopy]);
        var ratio = (double)quarter.Total(Metrics.BytesCopied) / full.Total(Metrics.BytesCopied);
        Assert.InRange(ratio, 0.2, 0.4); // the first copy of each shadow is whole; the rest a quarter
        Assert.True(quarter.Total(Metrics.GpuUs) < full.Total(Metrics.GpuUs));
    }

    [Fact]
    public void A_failed_import_blanks_the_output_instead_of_looking_cheap()
    {
        // The same laptop with NVIDIA's driver, which refuses a foreign importer of VRAM: legacy imports into the iGPU.
        var works = Run(ImportPolicy.Legacy);
        var fails = Run(ImportPolicy.Legacy, dgpu: "nvidia");
        Assert.True(fails.Total(Metrics.ImportsFailed) > 0);
        Assert.Equal(0, works.Total(Metrics.BlankFrames));
        Assert.True(fails[Metrics.BlankFrames, 1] >= 59, $"{fails[Metrics.BlankFrames, 1]} blank hdmi frames");
        Assert.Equal(0, fails[Metrics.ShownFrames, 1]);
        Assert.True(fails[Metrics.MissedFrames, 1] >= fails[Metrics.BlankFrames, 1]);
    }

    [Fact]
    public void A_misplaced_buffer_slows_every_frame_without_a_pin()
    {
        // Another process pins nearly all of the dGPU's VRAM before the game starts: its buffers are born in GTT and
        // stay there, unpinned, and every frame's four passes over the buffer cross the link.
        var home = Run(ImportPolicy.ClientHint);
        var away = Run(ImportPolicy.ClientHint,
            timeline: "timeline = [ { frame = 0, vram-pressure { device = dgpu, leave = 64MiB, pinned = true } } ]");
        Assert.Equal(0, away.Total(Metrics.PinnedInSystem));
        Assert.True(away.Total(Metrics.MisplacedFrames) >= 3 * 59, $"{away.Total(Metrics.MisplacedFrames)} misplaced buffer-frames");
        Assert.Equal(0, home.Total(Metrics.MisplacedFrames));
        // Four touches of a 4K buffer over a 16 GB/s link instead of 256 GB/s VRAM: about 7.8 ms more per frame.
        var extra = 4 * Bytes4K * (1 / 16.0 - 1 / 256.0) / 1e6;
        var slower = Value(away, "gpu-ms.dgpu.mean") - Value(home, "gpu-ms.dgpu.mean");
        Assert.InRange(slower, extra * 0.9, extra * 1.2);
        Assert.True(Value(away, "frame-ms.hdmi.p50") > 16.7 && Value(home, "frame-ms.hdmi.p50") < 16.7);
    }

    [Fact]
    public void A_frame_over_budget_is_late_by_the_intervals_it_slipped_and_lowers_fps()
    {
        // The game alone at 25 ms of shading: every frame slips one 60 Hz interval, so about 30 of them a second show.
        var text = Laptop.Swap("__DGPU__", "amdgpu").Swap("__RENDER__", "per-output").Swap("__TIMELINE__", "")
            .Swap("__FPS__", "60").Swap("__DAMAGE__", "1").Swap("kind = game,", "kind = game, gpu-ms = 25,");
        var m = DirectMachine.Run(ScenarioText.Parse(text), ImportPolicy.ClientHint, 0).Result!;
        var shown = m[Metrics.ShownFrames, 1];
        Assert.Equal(shown, m[Metrics.MissedFrames, 1]);
        Assert.Equal(shown, m[Metrics.LateFrames, 1]);
        Assert.InRange(Value(m, "fps.hdmi"), 29, 31);
        Assert.InRange(Value(m, "frame-ms.hdmi.p50"), 25, 26);
    }
}
