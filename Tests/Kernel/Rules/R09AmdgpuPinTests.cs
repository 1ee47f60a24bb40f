using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R9, knob `amdgpu-pin` (amdgpu_dma_buf_pin): `gtt` (up to 6.14, and 6.12.y) pins every exported buffer in GTT;
/// `vram-if-all-p2p` (6.15 on) pins it in VRAM when move-notify is on and every attachment is peer-to-peer,
/// and amdgpu_bo_pin forces a VRAM pin into the CPU-visible window: all of VRAM with a resizable BAR, the
/// 256 MiB BAR otherwise, where a buffer that does not fit beside what is pinned there cannot be pinned (ENOMEM).
/// </summary>
public class R09AmdgpuPinTests
{
    /// <summary>A dGPU exporting to a peer-to-peer APU display that scans the buffer out (dma_buf_pin).</summary>
    private static (Machine M, int Comp, int Handle, int Bo) SharedWithAnApu(DeviceSpec dgpu, long size, params string[] knobs)
    {
        var t = Topo(dgpu, Dev("apu", DriverProfile.AmdgpuApu, "edp")).Peers("dgpu", "apu");
        var m = new Machine(t, K(["move-notify=true", .. knobs]));
        var client = m.Open(0);
        var bo = m.Alloc(client, size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(1);
        return (m, comp, m.Import(comp, fd).Handle, bo.Bo);
    }

    private static DeviceSpec Dgpu => Dev("dgpu", DriverProfile.Amdgpu, "hdmi");

    [Fact]
    public void R9_amdgpu_pin_gtt_pins_in_gtt_even_when_every_attachment_is_p2p()
    {
        var (m, comp, h, bo) = SharedWithAnApu(Dgpu.Rebar(), 4 * MiB, "amdgpu-pin=gtt");
        m.Scanout(comp, h, "edp");
        Assert.Equal([new Migrated(bo, Placement.Vram, Placement.Gtt, 4 * MiB, MoveCause.Import), new Pinned(bo, Placement.Gtt, PinHolder.Scanout)],
            m.Effects.Where(e => e is not MoveNotified));
    }

    [Fact]
    public void R9_amdgpu_pin_vram_if_all_p2p_pins_in_the_bar_window_without_resizable_bar()
    {
        var (m, comp, h, bo) = SharedWithAnApu(Dgpu, 64 * MiB, "amdgpu-pin=vram-if-all-p2p");
        m.Scanout(comp, h, "edp");
        m.Saw(new Pinned(bo, Placement.Vram, PinHolder.Scanout));
        Assert.True(m.Bo(bo).CpuVisible);
    }

    [Fact]
    public void R9_amdgpu_pin_vram_if_all_p2p_fails_enomem_when_the_buffer_does_not_fit_the_bar_window()
    {
        var (m, comp, h, bo) = SharedWithAnApu(Dgpu, 300 * MiB, "amdgpu-pin=vram-if-all-p2p");
        m.Fails(Errno.ENOMEM, s => s.Scanout(comp, h, "edp"));
        Assert.Equal((Placement.Vram, 0, false), (m.Where(bo), m.Pins(bo), m.Bo(bo).CpuVisible));
    }

    [Fact]
    public void R9_amdgpu_pin_vram_if_all_p2p_with_resizable_bar_needs_no_window()
    {
        var (m, comp, h, bo) = SharedWithAnApu(Dgpu.Rebar(), 300 * MiB, "amdgpu-pin=vram-if-all-p2p");
        m.Scanout(comp, h, "edp");
        m.Saw(new Pinned(bo, Placement.Vram, PinHolder.Scanout));
    }

    [Fact]
    public void R9_every_amdgpu_vram_pin_takes_room_in_the_bar_window()
    {
        // The display's own scan-out pins count against the 256 MiB window too ("force to pin into visible video ram").
        var m = new Machine(Topo(Dgpu), K());
        var f = m.Open(0);
        var first = m.Alloc(f, 200 * MiB);
        m.Scanout(f, first.Handle, "hdmi");
        Assert.True(m.Bo(first.Bo).CpuVisible);
        var second = m.Alloc(f, 100 * MiB);
        m.Fails(Errno.ENOMEM, s => s.Scanout(f, second.Handle, "hdmi"));
    }

    [Fact]
    public void R9_an_unpinned_buffer_leaves_the_bar_window_for_a_new_vram_pin()
    {
        // TTM's second pass evicts inside the window; amdgpu_evict_flags sends the buffer to invisible VRAM.
        var m = new Machine(Topo(Dev("dgpu", DriverProfile.Amdgpu, "hdmi", "dp")), K());
        var f = m.Open(0);
        var first = m.Alloc(f, 200 * MiB);
        m.Scanout(f, first.Handle, "hdmi");
        m.Scanout(f, m.Alloc(f, 8 * MiB).Handle, "hdmi");
        Assert.Equal((0, true), (m.Pins(first.Bo), m.Bo(first.Bo).CpuVisible));
        var second = m.Alloc(f, 100 * MiB);
        m.Scanout(f, second.Handle, "dp");
        Assert.Equal((Placement.Vram, false), (m.Where(first.Bo), m.Bo(first.Bo).CpuVisible));
        Assert.True(m.Bo(second.Bo).CpuVisible);
    }
}
