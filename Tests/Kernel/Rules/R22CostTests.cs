using Emulation.Actors.Uapi;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R22: an access of B bytes by device D to a BO costs B / bw(D, placement), in integer nanoseconds:
/// VRAM local 512 GB/s; gtt/system from a dGPU over its link (PCIe 4.0 x16 31.5 GB/s; a 3.0 x4 eGPU
/// 3.9 GB/s by override); iGPU system memory 89.6 GB/s; P2P over the peer's link; a CPU copy at
/// 10 GB/s. A copy costs B/bw(D, src) + B/bw(D, dst); a frame's budget is 1000 / refresh ms.
/// </summary>
public class R22CostTests
{
    private const long GiB = 1L << 30;
    private const int Dgpu0 = 0, Egpu = 1, Igpu0 = 2, Apu = 3, Usb = 4;

    private static readonly Topology Machine = Topo(
        Dev("dgpu", DriverProfile.Amdgpu, "hdmi"),
        Dev("egpu", DriverProfile.Amdgpu, "dp") with { LinkGBps = 3.9 },
        Dev("igpu", DriverProfile.I915, "edp"),
        Dev("apu", DriverProfile.AmdgpuApu, "edp-2"),
        Dev("udl", DriverProfile.UsbDisplay, "dvi"));

    [Fact]
    public void R22_defaults_are_the_documented_bandwidths()
    {
        Assert.Equal(512, DeviceSpec.DefaultVramGBps);
        Assert.Equal(31.5, DeviceSpec.DefaultLinkGBps);
        Assert.Equal(89.6, DeviceSpec.DefaultMemoryGBps);
        Assert.Equal(10, SystemMemory.DefaultCpuGBps);
        Assert.Equal(10, SystemMemory.Default.CpuGBps);
        var d = DeviceSpec.Create("x", DeviceKind.RenderDisplay, DriverProfile.Amdgpu);
        Assert.Equal((512.0, 31.5, 89.6), (d.VramGBps, d.LinkGBps, d.MemoryGBps));
    }

    [Fact]
    public void R22_local_vram_access_costs_bytes_over_512_gbps()
    {
        Assert.Equal(512, CostModel.Bandwidth(Machine, Dgpu0, Placement.Vram, Dgpu0));
        Assert.Equal(1_000_000, CostModel.AccessNanos(Machine, Dgpu0, Placement.Vram, Dgpu0, 512_000_000));
        Assert.Equal(2_097_152, CostModel.AccessNanos(Machine, Dgpu0, Placement.Vram, Dgpu0, GiB));
    }

    [Theory]
    [InlineData(Placement.Gtt)]
    [InlineData(Placement.System)]
    [InlineData(Placement.Cma)]
    public void R22_dgpu_access_to_system_memory_goes_over_pcie4_x16(Placement placement)
    {
        Assert.Equal(31.5, CostModel.Bandwidth(Machine, Dgpu0, placement, Dgpu0));
        Assert.Equal(1_000_000, CostModel.AccessNanos(Machine, Dgpu0, placement, Dgpu0, 31_500_000));
        Assert.Equal(34_087_043, CostModel.AccessNanos(Machine, Dgpu0, placement, Igpu0, GiB));
    }

    [Fact]
    public void R22_egpu_link_override_applies_to_its_system_memory_access()
    {
        Assert.Equal(3.9, CostModel.Bandwidth(Machine, Egpu, Placement.Gtt, Egpu));
        Assert.Equal(256_410_257, CostModel.AccessNanos(Machine, Egpu, Placement.Gtt, Egpu, 1_000_000_000));
        Assert.Equal(275_318_417, CostModel.AccessNanos(Machine, Egpu, Placement.System, Igpu0, GiB));
    }

    [Fact]
    public void R22_egpu_link_override_does_not_change_local_vram_or_other_devices()
    {
        Assert.Equal(512, CostModel.Bandwidth(Machine, Egpu, Placement.Vram, Egpu));
        Assert.Equal(31.5, CostModel.Bandwidth(Machine, Dgpu0, Placement.Gtt, Egpu));
        Assert.Equal(89.6, CostModel.Bandwidth(Machine, Igpu0, Placement.Gtt, Egpu));
    }

    [Theory]
    [InlineData(Placement.Gtt)]
    [InlineData(Placement.System)]
    public void R22_igpu_access_uses_system_memory_bandwidth(Placement placement)
    {
        Assert.Equal(89.6, CostModel.Bandwidth(Machine, Igpu0, placement, Igpu0));
        Assert.Equal(10_000_000, CostModel.AccessNanos(Machine, Igpu0, placement, Igpu0, 896_000_000));
        Assert.Equal(11_983_726, CostModel.AccessNanos(Machine, Igpu0, placement, Dgpu0, GiB));
    }

    [Fact]
    public void R22_apu_carveout_and_gtt_use_memory_bandwidth()
    {
        Assert.Equal(89.6, CostModel.Bandwidth(Machine, Apu, Placement.Carveout, Apu));
        Assert.Equal(89.6, CostModel.Bandwidth(Machine, Apu, Placement.Gtt, Apu));
    }

    [Fact]
    public void R22_p2p_access_goes_over_the_peers_link()
    {
        Assert.Equal(3.9, CostModel.Bandwidth(Machine, Dgpu0, Placement.Vram, Egpu));
        Assert.Equal(31.5, CostModel.Bandwidth(Machine, Egpu, Placement.Vram, Dgpu0));
        Assert.Equal(275_318_417, CostModel.AccessNanos(Machine, Dgpu0, Placement.Vram, Egpu, GiB));
        Assert.Equal(34_087_043, CostModel.AccessNanos(Machine, Egpu, Placement.Vram, Dgpu0, GiB));
    }

    [Fact]
    public void R22_cpu_and_usb_display_access_at_cpu_bandwidth()
    {
        foreach (var p in new[] { Placement.Vram, Placement.Gtt, Placement.System })
        {
            Assert.Equal(10, CostModel.Bandwidth(Machine, CostModel.Cpu, p, Dgpu0));
            Assert.Equal(10, CostModel.Bandwidth(Machine, Usb, p, Usb));
        }
        Assert.Equal(107_374_183, CostModel.AccessNanos(Machine, CostModel.Cpu, Placement.System, Igpu0, GiB));
    }

    [Fact]
    public void R22_cpu_bandwidth_can_be_overridden_per_topology()
    {
        var slow = Machine with { Memory = Machine.Memory with { CpuGBps = 5 } };
        Assert.Equal(200_000_000, CostModel.AccessNanos(slow, CostModel.Cpu, Placement.Gtt, Igpu0, 1_000_000_000));
    }

    [Fact]
    public void R22_a_copy_costs_the_source_plus_the_destination_access()
    {
        // dGPU blit from its VRAM into a GTT buffer: B/512 + B/31.5.
        Assert.Equal(2_097_152 + 34_087_043,
            CostModel.CopyNanos(Machine, Dgpu0, Placement.Vram, Dgpu0, Placement.Gtt, Dgpu0, GiB));
        // CPU copy: both legs at 10 GB/s.
        Assert.Equal(2 * 1_000_000_000L,
            CostModel.CopyNanos(Machine, CostModel.Cpu, Placement.Vram, Dgpu0, Placement.System, Igpu0, 10_000_000_000));
        // eGPU copying from the dGPU's VRAM (P2P) into its own VRAM.
        Assert.Equal(34_087_043 + 2_097_152,
            CostModel.CopyNanos(Machine, Egpu, Placement.Vram, Dgpu0, Placement.Vram, Egpu, GiB));
    }

    [Theory]
    [InlineData(60, 16_666_666)]
    [InlineData(144, 6_944_444)]
    [InlineData(30, 33_333_333)]
    public void R22_frame_budget_is_1000_over_refresh_ms(int hz, long nanos) =>
        Assert.Equal(nanos, CostModel.FrameBudgetNanos(OutputSpec.Named("hdmi") with { RefreshHz = hz }));

    [Theory]
    [InlineData(0L)]
    [InlineData(-5L)]
    public void R22_nothing_accessed_costs_nothing(long bytes)
    {
        Assert.Equal(0, CostModel.AccessNanos(Machine, Egpu, Placement.Gtt, Egpu, bytes));
        Assert.Equal(0, CostModel.CopyNanos(Machine, CostModel.Cpu, Placement.Gtt, 0, Placement.System, 0, bytes));
    }
}
