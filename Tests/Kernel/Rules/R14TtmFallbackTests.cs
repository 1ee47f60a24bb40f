using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R14, knob `ttm-fallback`: a validation that accepts every allowed placement (a shared buffer's under
/// respects-attachments, R13, or an owner's over its move budget) brings a buffer back from gtt to vram only
/// when it fits without evicting (`return-if-fits`, TTM's desired and fallback placements, 6.10 on), and
/// never (`compatible`: any allowed placement is compatible, TTM up to 6.9).
/// </summary>
public class R14TtmFallbackTests
{
    private const long Size = 16 * MiB;

    /// <summary>A 64 MiB amdgpu whose client buffer is evicted and shared with an attached peer (so its validations accept every placement).</summary>
    private static (Machine M, int Client, HandleResult Bo, int Pressure) SharedAndEvicted(params string[] knobs)
    {
        var m = new Machine(Topo(Dev("dgpu", DriverProfile.Amdgpu, "hdmi").Local(64 * MiB), Dev("peer", DriverProfile.Amdgpu)),
            K(["move-throttle=off", "move-notify=true", .. knobs]));
        var client = m.Open(0, renderNode: true);
        var bo = m.Alloc(client, Size);
        m.Import(m.Open(1), m.Export(client, bo.Handle).Fd);
        var pressure = m.Pressure(0, 64 * MiB);
        Assert.Equal(Placement.Gtt, m.Where(bo.Bo));
        return (m, client, bo, pressure);
    }

    [Fact]
    public void R14_return_if_fits_brings_a_buffer_back_when_it_fits_without_evicting()
    {
        var (m, client, bo, pressure) = SharedAndEvicted("ttm-fallback=return-if-fits");
        m.ReleasePressure(pressure);
        m.Render(client, bo.Handle);
        Assert.Equal(Placement.Vram, m.Where(bo.Bo));
        Assert.DoesNotContain(m.Effects, e => e is Evicted);
    }

    [Fact]
    public void R14_return_if_fits_leaves_it_where_it_is_when_it_would_have_to_evict()
    {
        var (m, client, bo, pressure) = SharedAndEvicted("ttm-fallback=return-if-fits");
        m.Render(client, bo.Handle);
        m.SawNothing();
        Assert.Equal((Placement.Gtt, Placement.Vram), (m.Where(bo.Bo), m.Where(pressure)));
    }

    [Fact]
    public void R14_compatible_leaves_it_in_gtt_even_when_vram_has_room()
    {
        var (m, client, bo, pressure) = SharedAndEvicted("ttm-fallback=compatible");
        m.ReleasePressure(pressure);
        m.Render(client, bo.Handle);
        m.SawNothing();
        Assert.Equal(Placement.Gtt, m.Where(bo.Bo));
    }
}
