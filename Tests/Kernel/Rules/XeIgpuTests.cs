using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// The xe-igpu profile (Intel iGPUs from Lunar Lake on, run by xe): a dynamic importer that allows
/// peer-to-peer (R8), without VRAM; its dumb buffers live in gtt; as an exporter it behaves as xe.
/// </summary>
public class XeIgpuTests
{
    private static Topology LunarLake => Topo(Dev("igpu", DriverProfile.XeIgpu, "edp"), Dev("dgpu", DriverProfile.Amdgpu, "hdmi"));

    private static (Machine M, int Comp, int Handle, int Bo) GameOnTheDgpu(Knobs knobs)
    {
        var m = new Machine(LunarLake, knobs);
        var client = m.Open(1, renderNode: true);
        var bo = m.Alloc(client, 8 * MiB);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(0);
        return (m, comp, m.Import(comp, fd).Handle, bo.Bo);
    }

    [Fact]
    public void R8_xe_igpu_attaches_dynamically_and_without_a_p2p_link_is_not_peer2peer()
    {
        var (m, _, h, _) = GameOnTheDgpu(K("move-notify=true"));
        var a = m.AttachmentOf(m.S.Files.Values.Single(f => f.Device == 0).Handles[h]);
        Assert.True(a.Dynamic);
        Assert.False(a.Peer2Peer);
    }

    [Fact]
    public void R10_xe_igpu_map_on_7_1_migrates_the_buffer_to_gtt_and_never_pins_it()
    {
        var (m, comp, h, bo) = GameOnTheDgpu(On(KernelPreset.V7_1));
        var importer = m.S.Files[comp].Handles[h];
        m.Map(comp, h);
        // The dynamic attachment hears of the move its own map causes (R12), then the buffer moves; no pin.
        m.Saw(new MoveNotified(importer, bo, m.AttachmentOf(importer).Id), new Migrated(bo, Placement.Vram, Placement.Gtt, 8 * MiB, MoveCause.Import));
        Assert.Equal(0, m.Pins(bo));
    }

    [Fact]
    public void R9_xe_igpu_map_with_move_notify_off_pins_like_any_importer_of_a_dynamic_exporter()
    {
        var (m, comp, h, bo) = GameOnTheDgpu(On(KernelPreset.V6_15));
        var importer = m.S.Files[comp].Handles[h];
        m.Map(comp, h);
        m.Saw(new MoveNotified(importer, bo, m.AttachmentOf(importer).Id), new Migrated(bo, Placement.Vram, Placement.Gtt, 8 * MiB, MoveCause.Import),
              new Pinned(bo, Placement.Gtt, PinHolder.Mapping));
    }

    [Fact]
    public void Xe_igpu_dumb_buffers_live_in_gtt_and_it_has_no_vram()
    {
        var m = new Machine(LunarLake, K());
        var dumb = m.Dumb(m.Open(0));
        Assert.Equal(Placement.Gtt, m.Where(dumb.Bo));
        m.Fails(Errno.EINVAL, s => s.Alloc(m.S.Files.Keys.First(), MiB, Placement.Vram));
    }
}
