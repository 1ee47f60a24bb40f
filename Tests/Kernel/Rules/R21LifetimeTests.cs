using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R21: closing a dma-buf fd leaves imported handles valid; the dma-buf lives while any fd, cache
/// entry or importer references it; the BO lives while its dma-buf lives.
/// </summary>
public class R21LifetimeTests
{
    private const long Size = 2 * MiB;

    [Fact]
    public void R21_closing_the_fd_leaves_imported_handles_valid()
    {
        var m = new Machine(Laptop);
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle);
        var comp = m.Open(Igpu);
        var h = m.Import(comp, fd.Fd).Handle;
        m.CloseFd(fd.Fd);
        m.SawNothing();
        Assert.True(m.S.DmaBufs.ContainsKey(fd.DmaBuf));
        m.Map(comp, h);
        Assert.Equal(bo.Bo, m.Query(comp, h).PagesBo);
    }

    [Fact]
    public void R21_dmabuf_and_bo_live_while_an_importer_references_them()
    {
        var m = new Machine(Laptop);
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle);
        var comp = m.Open(Igpu);
        var h = m.Import(comp, fd.Fd).Handle;
        m.Map(comp, h);
        m.CloseFd(fd.Fd);
        m.GemClose(client, bo.Handle);
        m.CloseFile(client);
        Assert.True(m.S.DmaBufs.ContainsKey(fd.DmaBuf));
        Assert.Equal(Placement.Gtt, m.Where(bo.Bo));
        m.Render(comp, h);
        m.GemClose(comp, h);
        m.Saw(new Unpinned(bo.Bo, Placement.Gtt, PinHolder.Mapping));
        Assert.Empty(m.S.Objects);
        Assert.Empty(m.S.DmaBufs);
        Assert.Empty(m.S.Attachments);
        Assert.All(m.S.PoolUsed, used => Assert.Equal(0, used));
    }

    [Fact]
    public void R21_dmabuf_and_bo_live_while_an_fd_references_them()
    {
        var m = new Machine(Laptop);
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle);
        m.GemClose(client, bo.Handle);
        Assert.True(m.S.Objects.ContainsKey(bo.Bo));
        m.Ok(m.S.Write(fd.Fd, 0xCAFE));
        var dup = m.Ok(m.S.Dup(fd.Fd)).Fd;
        m.CloseFd(fd.Fd);
        Assert.Equal(0xCAFEu, m.Ok(m.S.Read(dup)));
        Assert.Equal(Size, m.Ok(m.S.SeekEnd(dup)));
        // Importing it back into the old exporter's device gives the same object a new handle.
        var again = m.Import(client, dup);
        Assert.Equal(bo.Bo, again.Bo);
        m.CloseFd(dup);
        Assert.True(m.S.Objects.ContainsKey(bo.Bo));
        m.GemClose(client, again.Handle);
        Assert.Empty(m.S.Objects);
        Assert.Empty(m.S.DmaBufs);
    }

    [Fact]
    public void R21_dmabuf_lives_while_a_cache_entry_references_it()
    {
        var m = new Machine(Laptop);
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, Size);
        var first = m.Export(client, bo.Handle);
        m.CloseFd(first.Fd);
        Assert.True(m.S.DmaBufs.ContainsKey(first.DmaBuf));
        Assert.Equal(first.DmaBuf, m.Export(client, bo.Handle).DmaBuf);
    }

    [Fact]
    public void R21_closing_a_closed_fd_fails_ebadf()
    {
        var m = new Machine(Laptop);
        var client = m.Open(Dgpu);
        var fd = m.Export(client, m.Alloc(client, Size).Handle).Fd;
        m.CloseFd(fd);
        m.Fails(Errno.EBADF, s => s.CloseFd(fd));
        m.Fails(Errno.EBADF, s => s.Dup(fd));
        m.Fails(Errno.EBADF, s => s.SeekEnd(fd));
        m.Fails(Errno.EBADF, s => s.SeekBad(fd));
        m.Fails(Errno.EBADF, s => s.Read(fd));
        m.Fails(Errno.EBADF, s => s.Write(fd, 1));
        m.Fails(Errno.EBADF, s => s.Import(client, fd, 0));
    }

    [Fact]
    public void R21_last_reference_frees_the_bo_and_nothing_earlier()
    {
        var m = new Machine(Laptop);
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(Igpu);
        var h = m.Import(comp, fd).Handle;
        m.GemClose(client, bo.Handle);
        m.CloseFd(fd);
        Assert.True(m.S.Objects.ContainsKey(bo.Bo));
        Assert.Equal(Size, m.S.Used(Placement.Vram, Dgpu));
        m.CloseFile(comp);
        Assert.Empty(m.S.Objects);
        Assert.Equal(0, m.S.Used(Placement.Vram, Dgpu));
        m.Fails(Errno.EBADF, s => s.Query(comp, h));
    }
}
