using Emulation.Actors.Kernel;
using Emulation.Actors.Uapi;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R22, moves and owners: a migration, eviction or validation move of B bytes costs its buffer's device
/// B/bw(owner, from) + B/bw(owner, to), in the frame in which it happens (the tally hands each frame's move time to
/// the machine at the end of the frame); a move between gtt and system rebinds pages and costs nothing; buffer
/// figures are split by owner (the opener of the file a buffer was created through; another process's pressure is
/// `other`). The CPU reads write-combined GPU memory at `cpu-wc-read`.
/// </summary>
public class R22MoveCostTests
{
    private const long MiB = 1L << 20;

    /// <summary>A 64 MiB dGPU (VRAM 512 GB/s, link 31.5 GB/s) whose client buffer another process's allocation evicts.</summary>
    private static (MachineKernel Kernel, int Client) Evicting()
    {
        var topology = Topo(Dev("dgpu", DriverProfile.Amdgpu, "hdmi").Local(64 * MiB));
        var kernel = new MachineKernel(KernelState.Boot(topology, K("move-throttle=off")));
        var file = kernel.Apply(new Open("dgpu", RenderNode: true)).Value;
        var bo = kernel.Apply(new Alloc(file, 32 * MiB, Placement.Vram, AllocFlags.None)).Value.Bo;
        kernel.Apply(new Pressure("dgpu", 48 * MiB, Pinned: false));
        return (kernel, bo);
    }

    [Fact]
    public void R22_an_eviction_costs_the_owner_device_both_ends_in_the_frame_it_happens()
    {
        var (kernel, bo) = Evicting();
        Assert.Equal(Placement.Gtt, kernel.State.Objects[bo].Current);
        var expected = (long)Math.Ceiling(32 * MiB / 512.0) + (long)Math.Ceiling(32 * MiB / 31.5);
        var frame = kernel.EndFrame(16_667);
        Assert.Equal(expected, frame.MoveNanos[0]);
        Assert.Equal(expected, kernel.Tally.MoveNanos.Client);
        Assert.Equal(0, kernel.EndFrame(16_667).MoveNanos[0]);
    }

    [Fact]
    public void R22_a_move_between_gtt_and_system_rebinds_pages_and_costs_nothing()
    {
        var t = Topo(Dev("dgpu", DriverProfile.Amdgpu, "hdmi"));
        Assert.Equal(0, CostModel.MoveNanos(t, 0, Placement.Gtt, Placement.System, 64 * MiB));
        Assert.Equal(0, CostModel.MoveNanos(t, 0, Placement.System, Placement.Gtt, 64 * MiB));
        Assert.True(CostModel.MoveNanos(t, 0, Placement.Vram, Placement.Gtt, 64 * MiB) > 0);
    }

    [Fact]
    public void R22_moves_are_split_by_whose_buffer_moved()
    {
        var topology = Topo(Dev("dgpu", DriverProfile.Amdgpu, "hdmi").Local(64 * MiB));
        var kernel = new MachineKernel(KernelState.Boot(topology, K("move-throttle=off")));
        var compositor = kernel.Apply(new Open("dgpu", RenderNode: false, BufferOwner.Compositor)).Value;
        kernel.Apply(new Alloc(compositor, 32 * MiB, Placement.Vram, AllocFlags.None));
        var other = kernel.Apply(new Pressure("dgpu", 40 * MiB, Pinned: false)).Value;
        Assert.Equal(BufferOwner.Other, kernel.State.Objects[other].Owner);
        Assert.Equal((0, 1, 0), (kernel.Tally.EvictionMigrations.Client, kernel.Tally.EvictionMigrations[BufferOwner.Compositor],
            kernel.Tally.EvictionMigrations[BufferOwner.Other]));
        var client = kernel.Apply(new Open("dgpu", RenderNode: true)).Value;
        kernel.Apply(new Alloc(client, 48 * MiB, Placement.Vram, AllocFlags.Only));
        Assert.Equal(1, kernel.Tally.EvictionMigrations[BufferOwner.Other]);
    }

    [Fact]
    public void R22_misplaced_buffers_count_each_frame_pinned_or_not()
    {
        var (kernel, _) = Evicting();
        kernel.EndFrame(16_667);
        kernel.EndFrame(16_667);
        Assert.Equal(2, kernel.Tally.MisplacedFrames.Client);
        Assert.Equal(0, kernel.Tally.PinnedInSystem.Client);
    }

    [Fact]
    public void R22_the_cpu_reads_write_combined_gpu_memory_at_cpu_wc_read()
    {
        var t = Topo(Dev("igpu", DriverProfile.I915, "edp"));
        Assert.Equal(0.25, SystemMemory.DefaultCpuWcReadGBps);
        Assert.Equal((long)Math.Ceiling(MiB / 0.25), CostModel.CpuReadNanos(t, Placement.Gtt, MiB));
        Assert.Equal((long)Math.Ceiling(MiB / 0.25), CostModel.CpuReadNanos(t, Placement.Vram, MiB));
        Assert.Equal((long)Math.Ceiling(MiB / 10.0), CostModel.CpuReadNanos(t, Placement.System, MiB));
    }
}
