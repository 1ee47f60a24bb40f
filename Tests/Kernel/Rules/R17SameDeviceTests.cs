using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>R17: SAME_DEVICE succeeds iff self-import; otherwise EINVAL, no attach (when supported; else R7).</summary>
public class R17SameDeviceTests
{
    [Fact]
    public void R17_supported_self_import_succeeds()
    {
        var m = new Machine(Laptop, K("same-device=supported"));
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, MiB);
        var fd = m.Export(client, bo.Handle).Fd;
        Assert.Equal(bo.Bo, m.Import(m.Open(Dgpu), fd, ImportFlags.SameDevice).Bo);
        m.SawNothing();
    }

    [Fact]
    public void R17_supported_foreign_import_fails_einval_without_attach()
    {
        var m = new Machine(Laptop, K("same-device=supported"));
        var client = m.Open(Dgpu, renderNode: true);
        var fd = m.Export(client, m.Alloc(client, MiB, Placement.Gtt).Handle).Fd;
        var comp = m.Open(Igpu);
        m.Fails(Errno.EINVAL, s => s.Import(comp, fd, ImportFlags.SameDevice));
        Assert.Empty(m.S.Attachments);
    }

    [Fact]
    public void R17_supported_check_is_defeated_by_split_render_display()
    {
        // vc4 (KMS) allocates the dumb scanout buffer, v3d (render-only, IOMMU) renders into it without any move.
        var m = new Machine(Topo(Dev("vc4", DriverProfile.CmaKms, "hdmi-1"), Dev("v3d", DriverProfile.GenericGem)), K("same-device=supported"));
        var kms = m.Open(0);
        var fd = m.Export(kms, m.Dumb(kms).Handle).Fd;
        var gpu = m.Open(1, renderNode: true);
        m.Fails(Errno.EINVAL, s => s.Import(gpu, fd, ImportFlags.SameDevice));
        m.Import(gpu, fd);
    }

    [Fact]
    public void R17_unsupported_flag_is_ignored_and_the_foreign_import_attaches()
    {
        var m = new Machine(Laptop, K("same-device=unsupported"));
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, MiB);
        var fd = m.Export(client, bo.Handle).Fd;
        var h = m.Import(m.Open(Igpu), fd, ImportFlags.SameDevice);
        Assert.Equal(bo.Bo, m.AttachmentOf(h.Bo).ExporterBo);
    }
}
