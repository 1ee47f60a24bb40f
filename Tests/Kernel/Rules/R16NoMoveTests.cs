using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R16: NO_MOVE. With no-move = placement, self-import succeeds and a foreign import succeeds iff the
/// buffer's current placement is reachable by the importer without a move, promising nothing about
/// later use. With rfc-hook, exporters without the hook (amdgpu, xe) always fail, generic GEM
/// succeeds, i915 succeeds iff in gtt or system. Failures are EINVAL. Unsupported: R7.
/// </summary>
public class R16NoMoveTests
{
    private const long Size = 2 * MiB;

    private static (Machine M, int Client, int Handle, int Bo, int Fd) Exported(Topology t, string noMove, Placement placement = Placement.Vram, int device = 0, params string[] knobs)
    {
        var m = new Machine(t, K(["no-move=" + noMove, .. knobs]));
        var client = m.Open(device);
        var bo = m.Alloc(client, Size, placement);
        var fd = m.Export(client, bo.Handle).Fd;
        return (m, client, bo.Handle, bo.Bo, fd);
    }

    // ---- placement ------------------------------------------------------------------------------

    [Fact]
    public void R16_placement_probe_fails_for_vram_buffer()
    {
        var (m, _, _, _, fd) = Exported(Laptop, "placement", device: Dgpu);
        var comp = m.Open(Igpu);
        m.Fails(Errno.EINVAL, s => s.Import(comp, fd, ImportFlags.NoMove));
        Assert.Empty(m.S.Attachments);
    }

    [Fact]
    public void R16_placement_probe_succeeds_for_gtt_buffer_and_a_later_map_pins_it_there()
    {
        var (m, _, _, bo, fd) = Exported(Laptop, "placement", Placement.Gtt, Dgpu);
        var comp = m.Open(Igpu);
        var h = m.Import(comp, fd, ImportFlags.NoMove).Handle;
        m.SawNothing();
        m.Map(comp, h);
        m.Saw(new Pinned(bo, Placement.Gtt, PinHolder.Mapping));
    }

    [Fact]
    public void R16_placement_self_import_succeeds()
    {
        var (m, _, _, bo, fd) = Exported(Laptop, "placement", device: Dgpu);
        var comp = m.Open(Dgpu);
        Assert.Equal(bo, m.Import(comp, fd, ImportFlags.NoMove).Bo);
        m.SawNothing();
    }

    [Fact]
    public void R16_placement_probe_succeeds_for_p2p_vram_with_resizable_bar()
    {
        var (m, _, _, _, fd) = Exported(TwoAmd(p2p: true, rebar: true), "placement");
        var h = m.Import(m.Open(1), fd, ImportFlags.NoMove);
        m.SawNothing();
        Assert.True(m.AttachmentOf(h.Bo).Peer2Peer);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void R16_placement_probe_fails_for_vram_without_p2p_or_resizable_bar(bool p2p, bool rebar)
    {
        var (m, _, _, _, fd) = Exported(TwoAmd(p2p, rebar), "placement");
        var comp = m.Open(1);
        m.Fails(Errno.EINVAL, s => s.Import(comp, fd, ImportFlags.NoMove));
    }

    [Fact]
    public void R16_placement_probe_fails_for_a_carveout_buffer()
    {
        var (m, _, _, _, fd) = Exported(Pair(DriverProfile.AmdgpuApu, DriverProfile.UsbDisplay), "placement", Placement.Carveout);
        var comp = m.Open(1);
        m.Fails(Errno.EINVAL, s => s.Import(comp, fd, ImportFlags.NoMove));
    }

    [Fact]
    public void R16_placement_evicted_buffer_passes_the_probe_and_is_pinned_in_gtt_for_good()
    {
        // Michel's objection: a VRAM buffer temporarily evicted to GTT passes the probe and gets pinned there.
        var t = Laptop;
        var (m, client, ch, bo, fd) = Exported(t with { Devices = [t.Devices[0], t.Devices[1].Local(2 * MiB)] }, "placement", device: Dgpu);
        var pressure = m.Pressure(Dgpu, 2 * MiB);
        Assert.Equal(Placement.Gtt, m.Where(bo));
        var comp = m.Open(Igpu);
        var h = m.Import(comp, fd, ImportFlags.NoMove).Handle;
        m.SawNothing();
        m.Map(comp, h);
        m.Saw(new Pinned(bo, Placement.Gtt, PinHolder.Mapping));
        m.ReleasePressure(pressure);
        m.Render(client, ch);
        m.SawNothing();
        Assert.Equal(Placement.Gtt, m.Where(bo));
    }

    [Fact]
    public void R16_placement_success_promises_nothing_about_a_later_pinning_map()
    {
        // P2P import passes the probe in vram; with move-notify off the map pins where amdgpu pins: gtt.
        var (m, _, _, bo, fd) = Exported(TwoAmd(p2p: true, rebar: true), "placement", knobs: "move-notify=false");
        var comp = m.Open(1);
        var h = m.Import(comp, fd, ImportFlags.NoMove);
        m.SawNothing();
        m.Map(comp, h.Handle);
        m.Saw(new MoveNotified(h.Bo, bo, m.Bo(h.Bo).Attachment),
              new Migrated(bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Import),
              new Pinned(bo, Placement.Gtt, PinHolder.Mapping));
    }

    [Fact]
    public void R16_placement_probe_with_a_maps_at_import_importer_pins_in_place()
    {
        var (m, _, _, bo, fd) = Exported(Pair(DriverProfile.Amdgpu, DriverProfile.Nouveau), "placement", Placement.Gtt);
        m.Import(m.Open(1), fd, ImportFlags.NoMove);
        m.Saw(new Pinned(bo, Placement.Gtt, PinHolder.Mapping));
    }

    // ---- rfc-hook -------------------------------------------------------------------------------

    [Theory]
    [InlineData("amdgpu", Placement.Vram)]
    [InlineData("amdgpu", Placement.Gtt)]
    [InlineData("xe", Placement.Vram)]
    [InlineData("xe", Placement.Gtt)]
    public void R16_rfc_hook_exporters_without_the_hook_always_fail(string exporter, Placement placement)
    {
        var (m, _, _, _, fd) = Exported(Pair(DriverProfile.Find(exporter)!, DriverProfile.I915), "rfc-hook", placement);
        var comp = m.Open(1);
        m.Fails(Errno.EINVAL, s => s.Import(comp, fd, ImportFlags.NoMove));
    }

    [Fact]
    public void R16_rfc_hook_generic_gem_exporter_succeeds()
    {
        var (m, _, _, bo, fd) = Exported(Pair(DriverProfile.GenericGem, DriverProfile.I915), "rfc-hook", Placement.System);
        var comp = m.Open(1);
        var h = m.Import(comp, fd, ImportFlags.NoMove);
        // Nothing moves; the GEM-helper attach pins the pages where they are (R9).
        m.Saw(new Pinned(bo, Placement.System, PinHolder.Attach));
        Assert.Equal(bo, m.AttachmentOf(h.Bo).ExporterBo);
    }

    [Fact]
    public void R16_rfc_hook_i915_exporter_succeeds_in_gtt()
    {
        var (m, _, _, bo, fd) = Exported(Pair(DriverProfile.I915, DriverProfile.Amdgpu), "rfc-hook", Placement.Gtt);
        m.Import(m.Open(1), fd, ImportFlags.NoMove);
        m.Saw(new Pinned(bo, Placement.Gtt, PinHolder.Attach));
    }

    [Fact]
    public void R16_rfc_hook_i915_exporter_succeeds_in_system()
    {
        var t = Pair(DriverProfile.I915, DriverProfile.Amdgpu).Memory(gtt: 2 * MiB);
        var (m, client, _, bo, fd) = Exported(t, "rfc-hook", Placement.Gtt);
        var hog = m.Alloc(client, 2 * MiB, Placement.Gtt, only: true);
        Assert.Equal(Placement.System, m.Where(bo));
        m.GemClose(client, hog.Handle);
        m.Import(m.Open(1), fd, ImportFlags.NoMove);
        // The hook answers "no move" for system memory; i915's attach then binds the pages into gtt to pin them.
        m.Saw(new Migrated(bo, Placement.System, Placement.Gtt, Size, MoveCause.Import),
              new Pinned(bo, Placement.Gtt, PinHolder.Attach));
    }

    [Fact]
    public void R16_rfc_hook_discrete_i915_exporter_fails_in_vram()
    {
        var dg = Dev("dg2", DriverProfile.I915 with { LocalMemory = Placement.Vram, Integrated = false }, "dp");
        var (m, _, _, _, fd) = Exported(Topo(dg, Dev("amd", DriverProfile.Amdgpu, "hdmi")), "rfc-hook");
        var comp = m.Open(1);
        m.Fails(Errno.EINVAL, s => s.Import(comp, fd, ImportFlags.NoMove));
    }

    [Fact]
    public void R16_rfc_hook_self_import_succeeds_even_without_the_hook()
    {
        var (m, _, _, bo, fd) = Exported(TwoAmd(), "rfc-hook");
        Assert.Equal(bo, m.Import(m.Open(0, renderNode: true), fd, ImportFlags.NoMove).Bo);
    }

    // ---- unsupported ----------------------------------------------------------------------------

    [Fact]
    public void R16_unsupported_no_move_is_ignored_and_the_legacy_path_migrates_on_use()
    {
        var (m, _, _, bo, fd) = Exported(Laptop, "unsupported", device: Dgpu);
        var comp = m.Open(Igpu);
        var h = m.Import(comp, fd, ImportFlags.NoMove).Handle;
        m.SawNothing();
        m.Map(comp, h);
        m.Saw(new Migrated(bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Import),
              new Pinned(bo, Placement.Gtt, PinHolder.Mapping));
    }
}
