using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R10: mapping a dynamic attachment with move-notify on never pins; a non-peer2peer mapping moves the
/// BO to gtt; a peer2peer one leaves it in vram (P2P needs resizable BAR).
/// </summary>
public class R10DynamicMapTests
{
    private const long Size = 2 * MiB;

    private static (Machine M, int Client, int ClientHandle, int Comp, int Handle, int Bo) Setup(Topology t, Placement placement = Placement.Vram, bool only = false)
    {
        var m = new Machine(t, K("move-notify=true"));
        var client = m.Open(0);
        var bo = m.Alloc(client, Size, placement, only);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(1);
        var h = m.Import(comp, fd).Handle;
        return (m, client, bo.Handle, comp, h, bo.Bo);
    }

    [Fact]
    public void R10_dynamic_map_without_p2p_moves_to_gtt_and_does_not_pin()
    {
        var (m, _, _, comp, h, bo) = Setup(TwoAmd(p2p: false));
        m.Map(comp, h);
        var importer = m.S.Files[comp].Handles[h];
        m.Saw(new MoveNotified(importer, bo, m.Bo(importer).Attachment),
              new Migrated(bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Import));
        Assert.Equal(0, m.Pins(bo));
        var a = m.AttachmentOf(m.S.Files[comp].Handles[h]);
        Assert.True(a.Mapped);
        Assert.False(a.MapPinned);
    }

    [Fact]
    public void R10_p2p_map_with_resizable_bar_leaves_the_bo_in_vram()
    {
        var (m, _, _, comp, h, bo) = Setup(TwoAmd(p2p: true, rebar: true));
        m.Map(comp, h);
        m.SawNothing();
        Assert.Equal((Placement.Vram, 0), (m.Where(bo), m.Pins(bo)));
    }

    [Fact]
    public void R10_p2p_map_without_resizable_bar_moves_to_gtt()
    {
        var (m, _, _, comp, h, bo) = Setup(TwoAmd(p2p: true, rebar: false));
        m.Map(comp, h);
        var importer = m.S.Files[comp].Handles[h];
        m.Saw(new MoveNotified(importer, bo, m.Bo(importer).Attachment),
              new Migrated(bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Import));
        Assert.Equal(0, m.Pins(bo));
    }

    [Fact]
    public void R10_unmap_of_a_dynamic_mapping_has_no_effect()
    {
        var (m, _, _, comp, h, bo) = Setup(TwoAmd());
        m.Map(comp, h);
        m.Unmap(comp, h);
        m.SawNothing();
        Assert.False(m.AttachmentOf(m.S.Files[comp].Handles[h]).Mapped);
        Assert.Equal(Placement.Gtt, m.Where(bo));
    }

    [Fact]
    public void R10_dynamic_map_of_a_bo_in_system_binds_it_into_gtt()
    {
        // a's BO is evicted vram -> gtt -> system; a non-P2P dynamic mapping moves it to gtt (amdgpu map validates into GTT).
        var t = TwoAmd().Memory(gtt: 4 * MiB);
        var (m, client, ch, comp, h, bo) = Setup(t with { Devices = [t.Devices[0].Local(2 * MiB), t.Devices[1]] });
        m.Pressure(0, 2 * MiB);
        m.Alloc(client, 3 * MiB, Placement.Gtt, only: true);
        Assert.Equal(Placement.System, m.Where(bo));
        m.GemClose(client, ch + 1);
        m.Map(comp, h);
        m.Saw(new Migrated(bo, Placement.System, Placement.Gtt, Size, MoveCause.Import));
        Assert.Equal(0, m.Pins(bo));
    }

    [Fact]
    public void R10_dynamic_map_of_a_vram_only_bo_without_p2p_fails_einval()
    {
        var (m, _, _, comp, h, _) = Setup(TwoAmd(), only: true);
        m.Fails(Errno.EINVAL, s => s.Map(comp, h));
    }

    [Fact]
    public void R10_dynamic_map_of_a_bo_pinned_in_vram_fails_einval_without_moving_it()
    {
        var (m, client, ch, comp, h, bo) = Setup(TwoAmd());
        m.Scanout(client, ch, "hdmi");
        Assert.Equal((Placement.Vram, 1), (m.Where(bo), m.Pins(bo)));
        m.Fails(Errno.EINVAL, s => s.Map(comp, h));
    }
}
