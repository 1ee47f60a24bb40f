using Emulation.Actors.Machines;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;
using Emulation.Tests.Scenarios;

namespace Emulation.Tests.Machines;

/// <summary>
/// The kernel presets matter end to end: the same laptop, game and compositor give other figures on 6.1,
/// 6.12, 6.15 and 7.1, each for the reason its row of docs/kernels.md gives.
/// </summary>
public sealed class KernelPresetScenarioTests
{
    /// <summary>An Intel + AMD laptop: a 4K game on the dGPU shown on its HDMI, the compositor on the iGPU.</summary>
    private const string Laptop = """
        scenario {
          frames = 40
          __KERNEL__
          topology {
            devices = [
              { id = igpu, driver = i915, outputs = [ { name = edp, built-in = true } ] }
              { id = dgpu, driver = amdgpu, vram = 1GiB, outputs = [ { name = hdmi, size = 3840x2160 } ] }
            ]
          }
          compositor { primary = built-in-panel, render = fixed-primary }
          clients = [ { name = game, device = dgpu, buffers = 3, size = 3840x2160, output = hdmi, fps = 60, start = __START__ } ]
          __TIMELINE__
        }
        """;

    private static MachineMetrics Run(string kernel, ImportPolicy policy, string timeline = "", int start = 0, bool dgpuOutputs = true)
    {
        var text = Laptop.Swap("__KERNEL__", $"kernel {{ {kernel} }}").Swap("__TIMELINE__", timeline).Swap("__START__", $"{start}");
        // A muxless laptop whose every output is the iGPU's: the game is shown on the panel.
        if (!dgpuOutputs) text = text.Swap(", outputs = [ { name = hdmi, size = 3840x2160 } ]", "").Swap("output = hdmi, fps", "output = edp, fps");
        return DirectMachine.Run(ScenarioText.Parse(text), policy, 0).Result!;
    }

    private static long Figure(MachineMetrics m, Metric metric) => m.Total(metric);

    [Fact]
    public void A_dynamic_importer_ping_pongs_from_6_12_on_where_6_1_leaves_the_buffer_in_gtt()
    {
        // The iGPU maps the game's buffer into GTT every frame (move-notify on, no pin); the game's own
        // submission validates it in its allowed placements (it is shared): TTM 6.10 on takes it back to VRAM
        // whenever it fits without evicting, 6.1's TTM finds GTT compatible and leaves it there.
        var old = Run("kernel = 6.1, move-notify = true", ImportPolicy.DynamicNoPin);
        var lts = Run("kernel = 6.12, move-notify = true", ImportPolicy.DynamicNoPin);
        Assert.Equal(0, Figure(old, Metrics.PingPongCycles));
        Assert.True(Figure(lts, Metrics.PingPongCycles) >= 30, $"{Figure(lts, Metrics.PingPongCycles)} round trips");
        Assert.Equal(0, Figure(old, Metrics.InvariantViolations) + Figure(lts, Metrics.InvariantViolations));
    }

    [Fact]
    public void The_dynamic_flag_is_ignored_until_7_1_turns_move_notify_on_for_good()
    {
        var lts = Run("kernel = 6.12", ImportPolicy.DynamicNoPin);
        var next = Run("kernel = 7.1", ImportPolicy.DynamicNoPin);
        Assert.True(Figure(lts, Metrics.PinnedInSystem) > 0, "6.12: DYNAMIC is ignored, the import pins in GTT (R7, R9)");
        Assert.Equal(0, Figure(next, Metrics.PinnedInSystem));
        Assert.True(Figure(next, Metrics.MoveNotifies) > 0);
    }

    [Fact]
    public void A_client_starting_while_another_process_fills_vram_is_fooled_into_gtt_by_the_fallback_allocator()
    {
        // Michel Daenzer's objection without staging: the game's buffers are born in GTT (fallback allocator),
        // the NO_MOVE probe on the iGPU passes and the import pins them there before the game ever draws. With
        // an allocator that evicts, they are born in VRAM, the probe fails on the iGPU and the dGPU imports them.
        // (Every output is the iGPU's, so no scan-out pin on the dGPU makes room in its VRAM first.)
        const string pressure = "timeline = [ { frame = 0, vram-pressure { device = dgpu, leave = 16MiB, frames = 0 } } ]";
        var fallback = Run("kernel = proposals", ImportPolicy.NoMoveProbePrimaryFirst, pressure, start: 1, dgpuOutputs: false);
        var evicting = Run("kernel = proposals, new-alloc-under-pressure = evict", ImportPolicy.NoMoveProbePrimaryFirst, pressure,
            start: 1, dgpuOutputs: false);
        Assert.True(Figure(fallback, Metrics.PinnedInSystem) > 0);
        Assert.Equal(0, Figure(evicting, Metrics.PinnedInSystem));
        // The buffer evicted is the other process's (the owner split).
        Assert.True(evicting.Total(Metrics.EvictionMigrations, Actors.Uapi.BufferOwner.Other) > 0);
        Assert.Equal(0, Figure(evicting, Metrics.EvictionMigrations));
    }

    [Fact]
    public void From_6_15_amdgpu_pins_a_buffer_its_peer_scans_out_in_vram_where_6_12_pins_it_in_gtt()
    {
        // An AMD dGPU and an AMD APU that reach each other peer-to-peer (resizable BAR): the compositor renders
        // on the dGPU and the panel is the APU's, so the APU imports each composited frame and scans it out
        // (dma_buf_pin, the zero-copy rung).
        const string dual = """
            scenario {
              frames = 20
              kernel { __KERNEL__ }
              topology {
                devices = [
                  { id = dgpu, driver = amdgpu, vram = 2GiB, resizable-bar = true }
                  { id = apu, driver = amdgpu-apu, outputs = [ { name = edp, built-in = true } ] }
                ]
                p2p = [ [dgpu, apu] ]
              }
              compositor { primary = first-listed, render = fixed-primary }
              clients = [ { name = app, device = dgpu, output = edp } ]
            }
            """;
        MachineMetrics On(string kernel) =>
            DirectMachine.Run(ScenarioText.Parse(dual.Swap("__KERNEL__", kernel)), ImportPolicy.Legacy, 0).Result!;
        var lts = On("kernel = 6.12, move-notify = true");
        var later = On("kernel = 6.15, move-notify = true");
        // The scanned-out buffer is the compositor's composited frame, so its figures are the compositor's (R22).
        long Compositor(MachineMetrics m, Metric metric) => m.Total(metric, BufferOwner.Compositor);
        Assert.True(Compositor(lts, Metrics.PinnedInSystem) > 0, "6.12: amdgpu pins in GTT");
        Assert.Equal(0, Compositor(later, Metrics.PinnedInSystem));
        Assert.True(Compositor(lts, Metrics.ImportMigrations) > Compositor(later, Metrics.ImportMigrations));
        Assert.Equal(0, Figure(lts, Metrics.PinnedInSystem));
    }
}
