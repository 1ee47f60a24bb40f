using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R15: ADDFB of a foreign-imported handle on a device that cannot scan out GTT fails EINVAL. Import
/// into a needsContiguous &amp;&amp; !hasIommu device of a non-contiguous buffer fails EINVAL.
/// </summary>
public class R15ScanoutAndContiguityTests
{
    [Fact]
    public void R15_addfb_of_a_foreign_import_fails_einval_where_gtt_cannot_be_scanned_out()
    {
        var m = new Machine(Laptop);
        var client = m.Open(Igpu, renderNode: true);
        var fd = m.Export(client, m.Alloc(client, MiB, Placement.Gtt).Handle).Fd;
        var comp = m.Open(Dgpu);
        var h = m.Import(comp, fd).Handle;
        m.Fails(Errno.EINVAL, s => s.AddFramebuffer(comp, h));
        m.Fails(Errno.EINVAL, s => s.Scanout(comp, h, "hdmi"));
        Assert.Empty(m.S.Files[comp].Framebuffers);
    }

    [Fact]
    public void R15_addfb_of_an_own_or_self_imported_buffer_works_on_a_dgpu()
    {
        var m = new Machine(Laptop);
        var client = m.Open(Dgpu, renderNode: true);
        var fd = m.Export(client, m.Alloc(client, MiB).Handle).Fd;
        var comp = m.Open(Dgpu);
        var h = m.Import(comp, fd).Handle;
        m.AddFramebuffer(comp, h);
        m.SawNothing();
        Assert.Single(m.S.Files[comp].Framebuffers);
    }

    [Theory]
    [InlineData("i915")]
    [InlineData("amdgpu-apu")]
    [InlineData("generic-gem")]
    [InlineData("usb-display")]
    public void R15_addfb_of_a_foreign_import_works_where_gtt_can_be_scanned_out(string display)
    {
        var m = new Machine(Pair(DriverProfile.Amdgpu, DriverProfile.Find(display)!));
        var client = m.Open(0);
        var bo = m.Alloc(client, MiB);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(1);
        var h = m.Import(comp, fd).Handle;
        var before = m.S.Objects[bo.Bo];
        m.AddFramebuffer(comp, h);
        m.SawNothing();
        Assert.Equal(before, m.S.Objects[bo.Bo]);
    }

    [Fact]
    public void R15_non_contiguous_import_into_a_cma_display_without_iommu_fails_einval()
    {
        var m = new Machine(Topo(Dev("v3d", DriverProfile.GenericGem), Dev("vc4", DriverProfile.CmaKms, "hdmi-1")));
        var client = m.Open(0, renderNode: true);
        var fd = m.Export(client, m.Alloc(client, MiB, Placement.System).Handle).Fd;
        var comp = m.Open(1);
        m.Fails(Errno.EINVAL, s => s.Import(comp, fd, 0));
        Assert.Empty(m.S.Attachments);
    }

    [Fact]
    public void R15_contiguous_buffer_imports_into_a_cma_display()
    {
        var m = new Machine(Topo(Dev("vc4", DriverProfile.CmaKms, "hdmi-1"), Dev("dcss", DriverProfile.CmaKms, "dsi-1")));
        var client = m.Open(0);
        var dumb = m.Dumb(client);
        var fd = m.Export(client, dumb.Handle).Fd;
        var h = m.Import(m.Open(1), fd);
        // CMA buffers never move: the DMA helpers' attach and map take no pin (R9).
        m.SawNothing();
        Assert.True(m.AttachmentOf(h.Bo).Mapped);
    }

    [Fact]
    public void R15_contiguous_vram_buffer_is_no_longer_contiguous_once_pinned_in_gtt()
    {
        var m = new Machine(Topo(Dev("dgpu", DriverProfile.Amdgpu), Dev("vc4", DriverProfile.CmaKms, "hdmi-1")));
        var client = m.Open(0);
        var fd = m.Export(client, m.Alloc(client, MiB, Placement.Vram, contiguous: true).Handle).Fd;
        var comp = m.Open(1);
        m.Fails(Errno.EINVAL, s => s.Import(comp, fd, 0));
    }

    [Fact]
    public void R15_cma_display_behind_an_iommu_imports_non_contiguous_buffers()
    {
        var vc4 = Dev("vc4", DriverProfile.CmaKms, "hdmi-1") with { HasIommu = true };
        var m = new Machine(Topo(Dev("v3d", DriverProfile.GenericGem), vc4));
        var client = m.Open(0, renderNode: true);
        var bo = m.Alloc(client, MiB, Placement.System);
        var fd = m.Export(client, bo.Handle).Fd;
        m.Import(m.Open(1), fd);
        // v3d's GEM-helper attach pins the pages where they are (R9).
        m.Saw(new Pinned(bo.Bo, Placement.System, PinHolder.Attach));
    }
}
