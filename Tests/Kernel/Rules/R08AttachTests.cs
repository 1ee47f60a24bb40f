using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R8: on attach, peer2peer = importer.allowP2P &amp;&amp; importer dynamic &amp;&amp; p2p(exporter, importer);
/// exporter attach effects: i915 migrates to gtt and pins until detach (EOPNOTSUPP if it cannot), xe
/// fails EOPNOTSUPP when not peer2peer and the BO may not use gtt, nouveau pins in gtt, amdgpu
/// changes nothing (nvidia refuses foreign imports of vram buffers, R8).
/// </summary>
public class R08AttachTests
{
    private static Attachment ImportOnce(Machine m, int exporterDevice, int importerDevice, uint flags = 0,
        Placement placement = Placement.Vram, bool only = false)
    {
        var client = m.Open(exporterDevice);
        var fd = m.Export(client, m.Alloc(client, MiB, placement, only).Handle).Fd;
        var comp = m.Open(importerDevice);
        return m.AttachmentOf(m.Import(comp, fd, flags).Bo);
    }

    [Fact]
    public void R8_dynamic_importer_with_p2p_link_is_peer2peer()
    {
        var a = ImportOnce(new Machine(TwoAmd(p2p: true)), 0, 1);
        Assert.True(a.Dynamic);
        Assert.True(a.Peer2Peer);
    }

    [Fact]
    public void R8_no_peer2peer_without_a_p2p_link()
    {
        var a = ImportOnce(new Machine(TwoAmd(p2p: false)), 0, 1);
        Assert.True(a.Dynamic);
        Assert.False(a.Peer2Peer);
    }

    [Fact]
    public void R8_no_peer2peer_for_a_static_importer_even_with_a_link()
    {
        var t = Pair(DriverProfile.Amdgpu, DriverProfile.Nouveau).Peers("exp", "imp");
        var a = ImportOnce(new Machine(t), 0, 1, placement: Placement.Gtt);
        Assert.False(a.Dynamic);
        Assert.False(a.Peer2Peer);
    }

    [Fact]
    public void R8_no_peer2peer_for_an_importer_that_does_not_allow_it()
    {
        var t = Topo(Dev("a", DriverProfile.Amdgpu), Dev("b", DriverProfile.Amdgpu with { AllowP2P = false })).Peers("a", "b");
        var a = ImportOnce(new Machine(t), 0, 1);
        Assert.True(a.Dynamic);
        Assert.False(a.Peer2Peer);
    }

    [Fact]
    public void R8_dynamic_flag_on_an_importer_without_allow_p2p_is_not_peer2peer()
    {
        var t = Pair(DriverProfile.Amdgpu, DriverProfile.I915).Peers("exp", "imp");
        var a = ImportOnce(new Machine(t, K("move-notify=true")), 0, 1, ImportFlags.Dynamic);
        Assert.True(a.Dynamic);
        Assert.False(a.Peer2Peer);
    }

    [Fact]
    public void R8_amdgpu_exporter_changes_nothing_at_attach()
    {
        var m = new Machine(Laptop);
        var a = ImportOnce(m, Dgpu, Igpu);
        m.SawNothing();
        Assert.Equal(Placement.Vram, m.Where(a.ExporterBo));
        Assert.Equal(0, m.Pins(a.ExporterBo));
        Assert.False(a.AttachPinned);
    }

    [Fact]
    public void R8_i915_exporter_pins_in_gtt_until_detach()
    {
        var m = new Machine(Laptop);
        var client = m.Open(Igpu);
        var bo = m.Alloc(client, MiB, Placement.Gtt);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(Dgpu);
        var h = m.Import(comp, fd);
        m.Saw(new Pinned(bo.Bo, Placement.Gtt, PinHolder.Attach));
        Assert.True(m.AttachmentOf(h.Bo).AttachPinned);
        m.GemClose(comp, h.Handle);
        m.Saw(new Unpinned(bo.Bo, Placement.Gtt, PinHolder.Attach));
        Assert.Equal(Placement.Gtt, m.Where(bo.Bo));
    }

    [Fact]
    public void R8_discrete_i915_exporter_migrates_to_gtt_and_pins_until_detach()
    {
        var dg = Dev("dg2", DriverProfile.I915 with { LocalMemory = Placement.Vram, Integrated = false }, "dp");
        var m = new Machine(Topo(dg, Dev("dgpu", DriverProfile.Amdgpu, "hdmi")));
        var client = m.Open(0);
        var bo = m.Alloc(client, MiB, Placement.Vram);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(1);
        var h = m.Import(comp, fd);
        m.Saw(new Migrated(bo.Bo, Placement.Vram, Placement.Gtt, MiB, MoveCause.Import),
              new Pinned(bo.Bo, Placement.Gtt, PinHolder.Attach));
        m.GemClose(comp, h.Handle);
        m.Saw(new Unpinned(bo.Bo, Placement.Gtt, PinHolder.Attach));
    }

    [Fact]
    public void R8_i915_exporter_fails_eopnotsupp_when_it_cannot_migrate_to_gtt()
    {
        var m = new Machine(Laptop);
        var client = m.Open(Igpu);
        var bo = m.Alloc(client, MiB, Placement.System);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(Dgpu);
        m.Fails(Errno.EOPNOTSUPP, s => s.Import(comp, fd, 0));
        Assert.Empty(m.S.Attachments);
    }

    [Fact]
    public void R8_xe_exporter_refuses_a_vram_only_buffer_without_peer2peer()
    {
        var m = new Machine(Pair(DriverProfile.Xe, DriverProfile.I915));
        var client = m.Open(0);
        var fd = m.Export(client, m.Alloc(client, MiB, Placement.Vram, only: true).Handle).Fd;
        var comp = m.Open(1);
        m.Fails(Errno.EOPNOTSUPP, s => s.Import(comp, fd, 0));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void R8_xe_exporter_accepts_a_vram_only_buffer_over_peer2peer(bool rebar)
    {
        var xe = Dev("xe", DriverProfile.Xe, "dp");
        var t = Topo(rebar ? xe.Rebar() : xe, Dev("amd", DriverProfile.Amdgpu)).Peers("xe", "amd");
        var m = new Machine(t);
        var a = ImportOnce(m, 0, 1, only: true);
        m.SawNothing();
        Assert.True(a.Peer2Peer);
    }

    [Fact]
    public void R8_xe_exporter_accepts_a_buffer_that_may_use_gtt()
    {
        var m = new Machine(Pair(DriverProfile.Xe, DriverProfile.I915));
        var a = ImportOnce(m, 0, 1);
        m.SawNothing();
        Assert.Equal(Placement.Vram, m.Where(a.ExporterBo));
    }

    [Fact]
    public void R8_nouveau_exporter_pins_in_gtt_at_attach()
    {
        var m = new Machine(Pair(DriverProfile.Nouveau, DriverProfile.I915));
        var client = m.Open(0);
        var bo = m.Alloc(client, MiB);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(1);
        var h = m.Import(comp, fd);
        m.Saw(new Migrated(bo.Bo, Placement.Vram, Placement.Gtt, MiB, MoveCause.Import),
              new Pinned(bo.Bo, Placement.Gtt, PinHolder.Attach));
        m.GemClose(comp, h.Handle);
        m.Saw(new Unpinned(bo.Bo, Placement.Gtt, PinHolder.Attach));
        Assert.Equal(Placement.Gtt, m.Where(bo.Bo));
    }

    [Fact]
    public void R8_nvidia_exporter_refuses_a_foreign_import_of_a_vram_buffer()
    {
        var m = new Machine(Pair(DriverProfile.Nvidia, DriverProfile.I915));
        var client = m.Open(0);
        var fd = m.Export(client, m.Alloc(client, MiB).Handle).Fd;
        var comp = m.Open(1);
        m.Fails(Errno.EOPNOTSUPP, s => s.Import(comp, fd, 0));
        var gtt = m.Export(client, m.Alloc(client, MiB, Placement.Gtt).Handle).Fd;
        m.Import(comp, gtt);
        m.SawNothing();
    }
}
