using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>R4: FD_TO_HANDLE of a dma-buf already in the file's cache returns the cached handle with no attach, map, pin or move.</summary>
public class R04ImportCacheTests
{
    [Fact]
    public void R4_reimport_in_the_exporting_file_returns_the_exported_handle()
    {
        var m = new Machine(Laptop);
        var f = m.Open(Dgpu);
        m.Alloc(f, MiB);
        var h = m.Alloc(f, MiB).Handle;
        var fd = m.Export(f, h).Fd;
        var before = m.S;
        var r = before.Import(f, fd, 0);
        Assert.Equal(Errno.None, r.Errno);
        Assert.Equal(new HandleResult(h, before.Files[f].Handles[h], IsNew: false), r.Value);
        Assert.Same(before, r.State);
        Assert.Empty(r.Effects);
    }

    [Fact]
    public void R4_second_import_returns_the_cached_handle_without_a_second_attach_or_pin()
    {
        var m = new Machine(Laptop, K("pin-timing=attach"));
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, MiB);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(Igpu);
        var first = m.Import(comp, fd);
        Assert.Equal(2, m.Effects.Length);
        var dup = m.Ok(m.S.Dup(fd)).Fd;

        var before = m.S;
        var r = before.Import(comp, dup, 0);
        Assert.Equal(Errno.None, r.Errno);
        Assert.Equal(first with { IsNew = false }, r.Value);
        Assert.Same(before, r.State);
        Assert.Empty(r.Effects);
        Assert.Single(m.S.Attachments);
        Assert.Equal(1, m.Pins(bo.Bo));
    }

    [Theory]
    [InlineData(ImportFlags.NoMove)]
    [InlineData(ImportFlags.SameDevice)]
    [InlineData(ImportFlags.Dynamic)]
    public void R4_cache_hit_comes_before_any_flag_check(uint flag)
    {
        var m = new Machine(Laptop, K("no-move=placement", "same-device=supported", "move-notify=true"));
        var client = m.Open(Dgpu, renderNode: true);
        var fd = m.Export(client, m.Alloc(client, MiB).Handle).Fd;
        var comp = m.Open(Igpu);
        var first = m.Import(comp, fd);
        // A fresh NO_MOVE or SAME_DEVICE import of this vram buffer into the iGPU would fail EINVAL.
        var before = m.S;
        var r = before.Import(comp, fd, flag);
        Assert.Equal(Errno.None, r.Errno);
        Assert.Equal(first.Handle, r.Value.Handle);
        Assert.Same(before, r.State);
        Assert.False(m.AttachmentOf(first.Bo).Dynamic);
    }

    [Fact]
    public void R4_after_gem_close_the_cache_entry_is_gone_and_import_attaches_again()
    {
        var m = new Machine(Laptop);
        var client = m.Open(Dgpu, renderNode: true);
        var fd = m.Export(client, m.Alloc(client, MiB).Handle).Fd;
        var comp = m.Open(Igpu);
        var first = m.Import(comp, fd);
        m.GemClose(comp, first.Handle);
        Assert.Empty(m.S.Attachments);
        var second = m.Import(comp, fd);
        Assert.True(second.IsNew);
        Assert.NotEqual(first.Bo, second.Bo);
        Assert.Single(m.S.Attachments);
    }

    [Fact]
    public void R4_import_of_a_closed_fd_fails_ebadf()
    {
        var m = new Machine(Laptop);
        var f = m.Open(Dgpu);
        var fd = m.Export(f, m.Alloc(f, MiB).Handle).Fd;
        m.CloseFd(fd);
        m.Fails(Errno.EBADF, s => s.Import(f, fd, 0));
    }
}
