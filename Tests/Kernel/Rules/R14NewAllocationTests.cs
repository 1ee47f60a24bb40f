using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R14, knob `new-alloc-under-pressure`: with `fallback` (6.1's TTM, 6.12.25 and 6.15 on) a new buffer that may
/// live in gtt takes the first allowed placement that has room without evicting; with `evict` (6.10 to 6.14)
/// it evicts for VRAM first. Another process's pressure is validated as it is created: it evicts either way.
/// </summary>
public class R14NewAllocationTests
{
    /// <summary>One amdgpu dGPU with 64 MiB of VRAM, filled to the brim by another process's unpinned buffers.</summary>
    private static (Machine M, int Client, int[] Pressure) FullVram(params string[] knobs)
    {
        var m = new Machine(Topo(Dev("dgpu", DriverProfile.Amdgpu, "hdmi").Local(64 * MiB)), K(knobs));
        var pressure = Enumerable.Range(0, 4).Select(_ => m.Pressure(0, 16 * MiB)).ToArray();
        return (m, m.Open(0, renderNode: true), pressure);
    }

    [Fact]
    public void R14_fallback_puts_a_new_buffer_in_gtt_without_evicting_when_vram_is_full()
    {
        var (m, client, pressure) = FullVram("new-alloc-under-pressure=fallback");
        var bo = m.Alloc(client, 8 * MiB);
        m.SawNothing();
        Assert.Equal(Placement.Gtt, m.Where(bo.Bo));
        Assert.All(pressure, p => Assert.Equal(Placement.Vram, m.Where(p)));
    }

    [Fact]
    public void R14_fallback_takes_vram_when_it_fits()
    {
        var m = new Machine(Topo(Dev("dgpu", DriverProfile.Amdgpu, "hdmi").Local(64 * MiB)), K("new-alloc-under-pressure=fallback"));
        m.Pressure(0, 32 * MiB);
        var bo = m.Alloc(m.Open(0, renderNode: true), 8 * MiB);
        m.SawNothing();
        Assert.Equal(Placement.Vram, m.Where(bo.Bo));
    }

    [Fact]
    public void R14_evict_makes_room_in_vram_for_a_new_buffer()
    {
        var (m, client, pressure) = FullVram("new-alloc-under-pressure=evict");
        var bo = m.Alloc(client, 8 * MiB);
        m.Saw(new Evicted(pressure[0], Placement.Vram, Placement.Gtt, 16 * MiB));
        Assert.Equal(Placement.Vram, m.Where(bo.Bo));
    }

    [Fact]
    public void R14_fallback_does_not_apply_to_another_processes_pressure_which_evicts()
    {
        var (m, client, pressure) = FullVram("new-alloc-under-pressure=fallback");
        var mine = m.Alloc(client, 8 * MiB);
        Assert.Equal(Placement.Gtt, m.Where(mine.Bo));
        var more = m.Pressure(0, 16 * MiB);
        m.Saw(new Evicted(pressure[0], Placement.Vram, Placement.Gtt, 16 * MiB));
        Assert.Equal(Placement.Vram, m.Where(more));
    }

    [Fact]
    public void R14_fallback_only_concerns_buffers_that_may_live_in_gtt()
    {
        var (m, client, pressure) = FullVram("new-alloc-under-pressure=fallback");
        var vramOnly = m.Alloc(client, 8 * MiB, Placement.Vram, only: true);
        m.Saw(new Evicted(pressure[0], Placement.Vram, Placement.Gtt, 16 * MiB));
        Assert.Equal(Placement.Vram, m.Where(vramOnly.Bo));
    }
}
