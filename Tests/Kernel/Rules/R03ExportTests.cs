using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R3: repeated HANDLE_TO_FD of one BO returns distinct fds of one dma-buf; exporting an imported BO
/// returns the original foreign dma-buf; export never moves or pins (access mode fixed by the first
/// export, CLOEXEC per fd).
/// </summary>
public class R03ExportTests
{
    [Fact]
    public void R3_repeated_export_gives_distinct_fds_of_one_dmabuf()
    {
        var m = new Machine(Laptop);
        var f = m.Open(Dgpu);
        var h = m.Alloc(f, MiB).Handle;
        var fds = Enumerable.Range(0, 3).Select(_ => m.Export(f, h)).ToList();
        Assert.Equal(3, fds.Select(x => x.Fd).Distinct().Count());
        Assert.Single(fds.Select(x => x.DmaBuf).Distinct());
        Assert.Single(m.S.DmaBufs);
        Assert.Equal(3, m.S.Fds.Count);
    }

    [Fact]
    public void R3_export_from_another_file_of_the_device_gives_the_same_dmabuf()
    {
        var m = new Machine(Laptop);
        var a = m.Open(Dgpu);
        var b = m.Open(Dgpu, renderNode: true);
        var first = m.Export(a, m.Alloc(a, MiB).Handle);
        var hb = m.Import(b, first.Fd).Handle;
        m.CloseFd(first.Fd);
        var again = m.Export(b, hb);
        Assert.Equal(first.DmaBuf, again.DmaBuf);
        Assert.Single(m.S.DmaBufs);
    }

    [Fact]
    public void R3_exporting_an_import_returns_the_original_foreign_dmabuf()
    {
        var m = new Machine(Laptop);
        var client = m.Open(Dgpu, renderNode: true);
        var original = m.Export(client, m.Alloc(client, MiB).Handle);
        var comp = m.Open(Igpu);
        var imported = m.Import(comp, original.Fd).Handle;
        var reexport = m.Export(comp, imported);
        Assert.Equal(original.DmaBuf, reexport.DmaBuf);
        Assert.NotEqual(original.Fd, reexport.Fd);
        Assert.Single(m.S.DmaBufs);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(ExportFlags.CloExec | ExportFlags.ReadWrite)]
    public void R3_export_never_moves_or_pins(uint flags)
    {
        var m = new Machine(Laptop, K("pin-timing=attach"));
        var client = m.Open(Dgpu, renderNode: true);
        var own = m.Alloc(client, MiB);
        m.Export(client, own.Handle, flags);
        m.SawNothing();
        Assert.Equal(Placement.Vram, m.Where(own.Bo));
        Assert.Equal(0, m.Pins(own.Bo));

        // An imported, pinned object re-exported: still nothing.
        var fd = m.Export(client, own.Handle, flags).Fd;
        var comp = m.Open(Igpu);
        var imported = m.Import(comp, fd).Handle;
        var before = m.S.Objects[own.Bo];
        m.Export(comp, imported, flags);
        m.SawNothing();
        Assert.Equal(before, m.S.Objects[own.Bo]);
    }

    [Fact]
    public void R3_first_export_fixes_the_access_mode()
    {
        var m = new Machine(Laptop);
        var f = m.Open(Dgpu);
        var h = m.Alloc(f, MiB).Handle;
        var ro = m.Export(f, h, ExportFlags.CloExec).Fd;
        var rw = m.Export(f, h, ExportFlags.CloExec | ExportFlags.ReadWrite).Fd;
        m.Fails(Errno.EACCES, s => s.Write(rw, 42));
        m.Fails(Errno.EACCES, s => s.Write(ro, 42));
        Assert.Equal(0u, m.Ok(m.S.Read(rw)));

        var g = m.Open(Dgpu, renderNode: true);
        var h2 = m.Alloc(g, MiB).Handle;
        var rw2 = m.Export(g, h2, ExportFlags.ReadWrite).Fd;
        var ro2 = m.Export(g, h2, 0).Fd;
        m.Ok(m.S.Write(ro2, 7));
        Assert.Equal(7u, m.Ok(m.S.Read(rw2)));
    }

    [Fact]
    public void R3_cloexec_is_per_fd()
    {
        var m = new Machine(Laptop);
        var f = m.Open(Dgpu);
        var h = m.Alloc(f, MiB).Handle;
        var with = m.Export(f, h, ExportFlags.CloExec).Fd;
        var without = m.Export(f, h, 0).Fd;
        var dup = m.Ok(m.S.Dup(with)).Fd;
        Assert.True(m.S.Fds[with].CloExec);
        Assert.False(m.S.Fds[without].CloExec);
        Assert.False(m.S.Fds[dup].CloExec);
    }

    [Fact]
    public void R3_export_of_a_closed_handle_fails_enoent()
    {
        var m = new Machine(Laptop);
        var f = m.Open(Dgpu);
        var h = m.Alloc(f, MiB).Handle;
        m.GemClose(f, h);
        m.Fails(Errno.ENOENT, s => s.Export(f, h, ExportFlags.CloExec));
        Assert.Empty(m.S.DmaBufs);
    }
}
