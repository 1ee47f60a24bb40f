using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R9: mapping a static attachment (or any attachment when move-notify is off) pins the BO first,
/// where the exporter's profile says (its pin column). With pin-timing = attach a static importer of a dynamic
/// exporter's BO (amdgpu, xe) maps and pins inside FD_TO_HANDLE; with map, on first use. Profiles
/// that map at import (nouveau, nvidia, generic-gem, cma-kms) do so on every kernel.
/// </summary>
public class R09PinOnMapTests
{
    private const long Size = 4 * MiB;

    private static (Machine M, int Comp, int Handle, int Bo) LaptopImport(params string[] knobs)
    {
        var m = new Machine(Laptop, K(knobs));
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(Igpu);
        var h = m.Import(comp, fd);
        return (m, comp, h.Handle, bo.Bo);
    }

    [Fact]
    public void R9_static_map_pins_in_gtt()
    {
        var (m, comp, h, bo) = LaptopImport();
        m.Map(comp, h);
        m.Saw(new Migrated(bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Import),
              new Pinned(bo, Placement.Gtt, PinHolder.Mapping));
        Assert.True(m.AttachmentOf(m.S.Files[comp].Handles[h]).MapPinned);
    }

    [Fact]
    public void R9_pin_timing_map_pins_on_first_use_not_at_import()
    {
        var (m, comp, h, bo) = LaptopImport("pin-timing=map");
        m.SawNothing();
        Assert.Equal((Placement.Vram, 0), (m.Where(bo), m.Pins(bo)));
        m.Render(comp, h);
        m.Saw(new Migrated(bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Import),
              new Pinned(bo, Placement.Gtt, PinHolder.Mapping));
        m.Render(comp, h);
        m.SawNothing();
        m.Unmap(comp, h);
        m.Saw(new Unpinned(bo, Placement.Gtt, PinHolder.Mapping));
    }

    [Fact]
    public void R9_pin_timing_attach_maps_and_pins_inside_fd_to_handle()
    {
        var m = new Machine(Laptop, K("pin-timing=attach"));
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(Igpu);
        var h = m.Import(comp, fd).Handle;
        m.Saw(new Migrated(bo.Bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Import),
              new Pinned(bo.Bo, Placement.Gtt, PinHolder.Mapping));
        m.Map(comp, h);
        m.SawNothing();
        m.Unmap(comp, h);
        m.SawNothing();
        Assert.Equal(1, m.Pins(bo.Bo));
        m.GemClose(comp, h);
        m.Saw(new Unpinned(bo.Bo, Placement.Gtt, PinHolder.Mapping));
    }

    [Fact]
    public void R9_pin_timing_attach_applies_to_xe_exporters_too()
    {
        var m = new Machine(Pair(DriverProfile.Xe, DriverProfile.I915), K("pin-timing=attach"));
        var client = m.Open(0);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        m.Import(m.Open(1), fd);
        m.Saw(new Migrated(bo.Bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Import),
              new Pinned(bo.Bo, Placement.Gtt, PinHolder.Mapping));
    }

    [Fact]
    public void R9_pin_timing_attach_does_not_map_a_non_dynamic_exporters_buffer_at_import()
    {
        var m = new Machine(Pair(DriverProfile.GenericGem, DriverProfile.I915), K("pin-timing=attach"));
        var client = m.Open(0);
        var bo = m.Dumb(client);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(1);
        var h = m.Import(comp, fd).Handle;
        // The GEM helpers' attach pins the pages where they are (drm_gem_map_attach); nothing maps at import.
        m.Saw(new Pinned(bo.Bo, Placement.System, PinHolder.Attach));
        Assert.False(m.AttachmentOf(m.S.Files[comp].Handles[h]).Mapped);
        m.Map(comp, h);
        m.SawNothing();
        Assert.True(m.AttachmentOf(m.S.Files[comp].Handles[h]).Mapped);
    }

    [Fact]
    public void R9_pin_timing_attach_does_not_map_for_dynamic_importers()
    {
        var m = new Machine(TwoAmd(), K("pin-timing=attach", "move-notify=false"));
        var client = m.Open(0);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(1);
        var h = m.Import(comp, fd).Handle;
        m.SawNothing();
        m.Map(comp, h);
        var importer = m.S.Files[comp].Handles[h];
        // amdgpu moves the BO for the map: every dynamic attachment (this one too) is told first (R12).
        m.Saw(new MoveNotified(importer, bo.Bo, m.Bo(importer).Attachment),
              new Migrated(bo.Bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Import),
              new Pinned(bo.Bo, Placement.Gtt, PinHolder.Mapping));
    }

    [Fact]
    public void R9_move_notify_off_dynamic_importer_pins_on_map()
    {
        var m = new Machine(TwoAmd(), K("move-notify=false"));
        var client = m.Open(0);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(1);
        var h = m.Import(comp, fd).Handle;
        m.Map(comp, h);
        var importer = m.S.Files[comp].Handles[h];
        m.Saw(new MoveNotified(importer, bo.Bo, m.Bo(importer).Attachment),
              new Migrated(bo.Bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Import),
              new Pinned(bo.Bo, Placement.Gtt, PinHolder.Mapping));
        m.Unmap(comp, h);
        m.Saw(new Unpinned(bo.Bo, Placement.Gtt, PinHolder.Mapping));
    }

    [Fact]
    public void R9_move_notify_on_static_importer_still_pins_on_map()
    {
        var (m, comp, h, bo) = LaptopImport("move-notify=true");
        m.Map(comp, h);
        m.Saw(new Migrated(bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Import),
              new Pinned(bo, Placement.Gtt, PinHolder.Mapping));
    }

    [Fact]
    public void R9_move_notify_on_dynamic_map_does_not_pin()
    {
        var m = new Machine(TwoAmd(), K("move-notify=true"));
        var client = m.Open(0);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(1);
        var h = m.Import(comp, fd);
        m.Map(comp, h.Handle);
        m.Saw(new MoveNotified(h.Bo, bo.Bo, m.Bo(h.Bo).Attachment),
              new Migrated(bo.Bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Import));
        Assert.Equal(0, m.Pins(bo.Bo));
    }

    public static TheoryData<string, string> MapsAtImport => new()
    {
        { "nouveau", "map" }, { "nouveau", "attach" },
        { "nvidia", "map" }, { "nvidia", "attach" },
        { "generic-gem", "map" }, { "generic-gem", "attach" },
        { "cma-kms", "map" }, { "cma-kms", "attach" },
    };

    [Theory]
    [MemberData(nameof(MapsAtImport))]
    public void R9_maps_at_import_profiles_pin_inside_fd_to_handle_on_every_kernel(string importer, string pinTiming)
    {
        var profile = DriverProfile.Find(importer)!;
        var imp = Dev("imp", profile, "out-imp") with { HasIommu = true };
        var m = new Machine(Topo(Dev("amd", DriverProfile.Amdgpu, "hdmi"), imp), K("pin-timing=" + pinTiming));
        var client = m.Open(0);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(1);
        var h = m.Import(comp, fd).Handle;
        m.Saw(new Migrated(bo.Bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Import),
              new Pinned(bo.Bo, Placement.Gtt, PinHolder.Mapping));
        m.Unmap(comp, h);
        m.SawNothing();
        m.GemClose(comp, h);
        m.Saw(new Unpinned(bo.Bo, Placement.Gtt, PinHolder.Mapping));
    }

    /// <summary>
    /// A static exporter (no pin operation) holds its pages through its attach: the GEM helpers pin them where
    /// they are (generic-gem), i915 migrates them to gtt and pins them; DMA-helper buffers (cma-kms, usb-display)
    /// never move and take no pin. A static importer's map of them adds no pin, its unmap removes none.
    /// </summary>
    [Theory]
    [InlineData("generic-gem", Placement.System, true)]
    [InlineData("cma-kms", Placement.Cma, false)]
    [InlineData("usb-display", Placement.System, false)]
    [InlineData("i915", Placement.Gtt, true)]
    public void R9_a_static_exporters_pages_are_held_by_its_attach_and_a_map_adds_no_pin(string exporter, Placement where, bool attachPins)
    {
        var m = new Machine(Pair(DriverProfile.Find(exporter)!, DriverProfile.Nvidia));
        var client = m.Open(0);
        var bo = m.Dumb(client);
        Assert.Equal(where, m.Where(bo.Bo));
        var fd = m.Export(client, bo.Handle).Fd;
        var importer = m.Open(1);
        var h = m.Import(importer, fd).Handle;
        Assert.Equal(attachPins ? [new Pinned(bo.Bo, where, PinHolder.Attach)] : Array.Empty<KernelEffect>(), m.Effects.ToArray());
        Assert.Equal(attachPins ? 1 : 0, m.Pins(bo.Bo));
        Assert.True(m.AttachmentOf(m.S.Files[importer].Handles[h]).Mapped, "nvidia maps at import");
        m.Map(importer, h);
        m.SawNothing();
        m.Unmap(importer, h);
        m.SawNothing();
        Assert.Equal(attachPins ? 1 : 0, m.Pins(bo.Bo));
    }

    [Fact]
    public void R9_an_importers_map_of_an_i915_buffer_takes_no_second_pin_and_its_unmap_no_unpin()
    {
        var m = new Machine(Pair(DriverProfile.I915, DriverProfile.Amdgpu), K("move-notify=false"));
        var client = m.Open(0);
        var bo = m.Alloc(client, Size, Placement.Gtt);
        var fd = m.Export(client, bo.Handle).Fd;
        var importer = m.Open(1);
        var h = m.Import(importer, fd).Handle;
        m.Saw(new Pinned(bo.Bo, Placement.Gtt, PinHolder.Attach));
        m.Map(importer, h);
        m.SawNothing();
        Assert.Equal(1, m.Pins(bo.Bo));
        m.Unmap(importer, h);
        m.SawNothing();
        Assert.Equal(1, m.Pins(bo.Bo));
        m.GemClose(importer, h);
        m.Saw(new Unpinned(bo.Bo, Placement.Gtt, PinHolder.Attach));
    }

    [Fact]
    public void R9_amdgpu_pin_stays_in_vram_only_with_move_notify_and_every_attachment_p2p()
    {
        // An APU display imports a dGPU buffer over P2P and scans it out: dma_buf_pin.
        var t = Topo(Dev("dgpu", DriverProfile.Amdgpu, "hdmi").Rebar(), Dev("apu", DriverProfile.AmdgpuApu, "edp")).Peers("dgpu", "apu");
        var m = new Machine(t, K("move-notify=true"));
        var client = m.Open(0);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(1);
        var h = m.Import(comp, fd).Handle;
        m.Scanout(comp, h, "edp");
        m.Saw(new Pinned(bo.Bo, Placement.Vram, PinHolder.Scanout));
    }

    [Fact]
    public void R9_amdgpu_pin_goes_to_gtt_with_move_notify_off_even_over_p2p()
    {
        var t = Topo(Dev("dgpu", DriverProfile.Amdgpu, "hdmi").Rebar(), Dev("apu", DriverProfile.AmdgpuApu, "edp")).Peers("dgpu", "apu");
        var m = new Machine(t, K("move-notify=false"));
        var client = m.Open(0);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(1);
        var h = m.Import(comp, fd);
        m.Scanout(comp, h.Handle, "edp");
        m.Saw(new MoveNotified(h.Bo, bo.Bo, m.Bo(h.Bo).Attachment),
              new Migrated(bo.Bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Import),
              new Pinned(bo.Bo, Placement.Gtt, PinHolder.Scanout));
    }

    [Fact]
    public void R9_amdgpu_pin_goes_to_gtt_when_one_attachment_is_not_p2p()
    {
        var t = Topo(Dev("dgpu", DriverProfile.Amdgpu, "hdmi").Rebar(), Dev("apu", DriverProfile.AmdgpuApu, "edp"),
            Dev("igpu", DriverProfile.I915, "dp")).Peers("dgpu", "apu");
        var m = new Machine(t, K("move-notify=true"));
        var client = m.Open(0);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        m.Import(m.Open(2), fd);
        var comp = m.Open(1);
        var h = m.Import(comp, fd);
        m.Scanout(comp, h.Handle, "edp");
        m.Saw(new MoveNotified(h.Bo, bo.Bo, m.Bo(h.Bo).Attachment),
              new Migrated(bo.Bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Import),
              new Pinned(bo.Bo, Placement.Gtt, PinHolder.Scanout));
    }

    [Theory]
    [InlineData("xe")]
    [InlineData("amdgpu")]
    public void R9_pinning_map_fails_einval_when_the_bo_is_pinned_elsewhere(string exporter)
    {
        var m = new Machine(Pair(DriverProfile.Find(exporter)!, DriverProfile.I915));
        var client = m.Open(0);
        var bo = m.Alloc(client, Size);
        m.Scanout(client, bo.Handle, "out-exp");
        Assert.Equal((Placement.Vram, 1), (m.Where(bo.Bo), m.Pins(bo.Bo)));
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(1);
        var h = m.Import(comp, fd).Handle;
        m.Fails(Errno.EINVAL, s => s.Map(comp, h));
        m.Fails(Errno.EINVAL, s => s.Render(comp, h));
    }

    [Fact]
    public void R9_pinning_map_fails_enomem_when_gtt_has_no_room()
    {
        var m = new Machine(Laptop.Memory(gtt: 2 * MiB));
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(Igpu);
        var h = m.Import(comp, fd).Handle;
        m.Fails(Errno.ENOMEM, s => s.Map(comp, h));
    }
}
