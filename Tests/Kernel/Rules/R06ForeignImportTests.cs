using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>R6: import into another device creates an importer BO and one attachment per importing file.</summary>
public class R06ForeignImportTests
{
    [Fact]
    public void R6_foreign_import_creates_an_importer_object_and_one_attachment()
    {
        var m = new Machine(Laptop);
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, MiB);
        var fd = m.Export(client, bo.Handle);
        var comp = m.Open(Igpu);
        var imported = m.Import(comp, fd.Fd);
        m.SawNothing();
        Assert.NotEqual(bo.Bo, imported.Bo);
        var importer = m.Bo(imported.Bo);
        Assert.True(importer.IsImport);
        Assert.Equal(Igpu, importer.Device);
        var a = Assert.Single(m.S.Attachments.Values);
        Assert.Equal((fd.DmaBuf, bo.Bo, Igpu, comp, imported.Bo), (a.DmaBuf, a.ExporterBo, a.ImporterDevice, a.ImporterFile, a.ImporterBo));
        Assert.Equal(new BoInfo(imported.Handle, imported.Bo, bo.Bo, Dgpu, Placement.Vram, 0, 1, MiB, Placement.Vram), m.Query(comp, imported.Handle));
    }

    [Fact]
    public void R6_two_files_of_one_device_get_two_objects_and_two_attachments()
    {
        var m = new Machine(Laptop);
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, MiB);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(Igpu);
        var other = m.Open(Igpu, renderNode: true);
        var x = m.Import(comp, fd);
        var y = m.Import(other, fd);
        Assert.NotEqual(x.Bo, y.Bo);
        Assert.Equal(2, m.S.Attachments.Count);
        Assert.Equal([comp, other], m.S.Attachments.Values.Select(a => a.ImporterFile).ToArray());
        Assert.Equal(2, m.Query(comp, x.Handle).Attachments);
        m.GemClose(comp, x.Handle);
        Assert.Single(m.S.Attachments);
    }

    [Theory]
    [InlineData(BadFdKind.DevNull, Errno.EINVAL)]
    [InlineData(BadFdKind.Self, Errno.EINVAL)]
    [InlineData(BadFdKind.Closed, Errno.EBADF)]
    public void R6_import_of_something_that_is_no_dmabuf_fails_and_creates_nothing(BadFdKind kind, Errno errno)
    {
        var m = new Machine(Laptop);
        var comp = m.Open(Igpu);
        m.Fails(errno, s => s.ImportBadFd(comp, kind));
        m.Fails(Errno.EBADF, s => s.Import(comp, 99, 0));
        Assert.Empty(m.S.Objects);
    }
}
