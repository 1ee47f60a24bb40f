using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>R5: self-import (dma-buf exported by the same device) returns the original BO: no attachment.</summary>
public class R05SelfImportTests
{
    [Fact]
    public void R5_self_import_returns_the_original_object_without_attachment()
    {
        var m = new Machine(Laptop);
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, MiB);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(Dgpu);
        m.Alloc(comp, MiB);
        var imported = m.Import(comp, fd);
        Assert.Equal(new HandleResult(2, bo.Bo, IsNew: true), imported);
        m.SawNothing();
        Assert.Empty(m.S.Attachments);
        Assert.Equal(2, m.S.Objects.Count);
        Assert.Equal(imported.Handle, m.S.Files[comp].PrimeCache[m.S.Fds[fd].DmaBuf]);
    }

    [Theory]
    [InlineData("pin-timing=attach")]
    [InlineData("pin-timing=map")]
    public void R5_self_import_never_moves_or_pins_even_where_a_foreign_one_would(string knob)
    {
        var m = new Machine(Laptop, K(knob, "move-notify=false"));
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, MiB);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(Dgpu);
        var h = m.Import(comp, fd).Handle;
        m.SawNothing();
        m.Map(comp, h);
        m.SawNothing();
        Assert.Equal(Placement.Vram, m.Where(bo.Bo));
        Assert.Equal(0, m.Pins(bo.Bo));
    }

    [Fact]
    public void R5_split_display_device_self_import_of_its_dumb_buffer()
    {
        // The KMS device allocates a dumb buffer and a second file of the same device imports it.
        var m = new Machine(Topo(Dev("vc4", DriverProfile.CmaKms, "hdmi-1")));
        var a = m.Open(0);
        var dumb = m.Dumb(a);
        var fd = m.Export(a, dumb.Handle).Fd;
        var b = m.Open(0);
        Assert.Equal(dumb.Bo, m.Import(b, fd).Bo);
        Assert.Empty(m.S.Attachments);
    }

    [Fact]
    public void R5_a_replugged_device_is_not_the_same_device()
    {
        // Same device id, fresh device: the old export is revoked, so importing it there is no self-import.
        var m = new Machine(Laptop);
        var old = m.Open(Dgpu);
        var fd = m.Export(old, m.Alloc(old, MiB).Handle).Fd;
        m.Unplug(Dgpu);
        m.Replug(Dgpu);
        var fresh = m.Open(Dgpu);
        m.Fails(Errno.ENODEV, s => s.Import(fresh, fd, 0));
        m.Fails(Errno.ENODEV, s => s.Import(fresh, fd, ImportFlags.SameDevice));
    }

    [Fact]
    public void R5_self_import_does_not_create_a_second_object()
    {
        var m = new Machine(Laptop);
        var a = m.Open(Dgpu);
        var fd = m.Export(a, m.Alloc(a, MiB).Handle).Fd;
        var b = m.Open(Dgpu);
        var c = m.Open(Dgpu, renderNode: true);
        var hb = m.Import(b, fd);
        var hc = m.Import(c, fd);
        Assert.Equal(hb.Bo, hc.Bo);
        Assert.Single(m.S.Objects);
        Assert.Empty(m.S.Attachments);
    }
}
