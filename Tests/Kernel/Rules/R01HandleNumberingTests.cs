using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>R1: a new handle is the smallest free integer >= 1 in that file; 0 is never valid.</summary>
public class R01HandleNumberingTests
{
    [Fact]
    public void R1_first_handle_is_one()
    {
        var m = new Machine(Laptop);
        var f = m.Open(Dgpu);
        Assert.Equal(1, m.Alloc(f, MiB).Handle);
        Assert.Equal(2, m.Dumb(f).Handle);
    }

    [Fact]
    public void R1_new_handle_is_the_smallest_free_one_after_a_close()
    {
        var m = new Machine(Laptop);
        var f = m.Open(Dgpu);
        for (var i = 1; i <= 4; i++) Assert.Equal(i, m.Alloc(f, MiB).Handle);
        m.GemClose(f, 3);
        m.GemClose(f, 2);
        Assert.Equal(2, m.Alloc(f, MiB).Handle);
        Assert.Equal(3, m.Dumb(f).Handle);
        Assert.Equal(5, m.Alloc(f, MiB).Handle);
    }

    [Fact]
    public void R1_imports_take_the_smallest_free_handle_too()
    {
        var m = new Machine(Laptop);
        var client = m.Open(Dgpu, renderNode: true);
        var fd = m.Export(client, m.Alloc(client, MiB).Handle).Fd;
        var comp = m.Open(Igpu);
        for (var i = 0; i < 3; i++) m.Alloc(comp, MiB, Placement.Gtt);
        m.GemClose(comp, 1);
        var imported = m.Import(comp, fd);
        Assert.Equal(1, imported.Handle);
        Assert.True(imported.IsNew);
        var self = m.Open(Dgpu);
        Assert.Equal(1, m.Import(self, fd).Handle);
    }

    [Fact]
    public void R1_handles_are_numbered_per_file()
    {
        var m = new Machine(Laptop);
        var f1 = m.Open(Dgpu);
        var f2 = m.Open(Dgpu, renderNode: true);
        Assert.Equal(1, m.Alloc(f1, MiB).Handle);
        Assert.Equal(2, m.Alloc(f1, MiB).Handle);
        Assert.Equal(1, m.Alloc(f2, MiB).Handle);
    }

    [Fact]
    public void R1_handle_zero_is_never_valid()
    {
        var m = new Machine(Laptop);
        var f = m.Open(Dgpu);
        m.Alloc(f, MiB);
        m.Fails(Errno.EINVAL, s => s.GemClose(f, 0));
        m.Fails(Errno.ENOENT, s => s.Export(f, 0, ExportFlags.CloExec));
        m.Fails(Errno.ENOENT, s => s.Query(f, 0));
        m.Fails(Errno.ENOENT, s => s.Map(f, 0));
        m.Fails(Errno.ENOENT, s => s.Render(f, 0));
        m.Fails(Errno.ENOENT, s => s.AddFramebuffer(f, 0));
    }

    [Fact]
    public void R1_a_closed_handle_is_gone_until_reused()
    {
        var m = new Machine(Laptop);
        var f = m.Open(Dgpu);
        var h = m.Alloc(f, MiB).Handle;
        m.GemClose(f, h);
        m.Fails(Errno.EINVAL, s => s.GemClose(f, h));
        m.Fails(Errno.ENOENT, s => s.Query(f, h));
        Assert.Empty(m.S.Objects);
    }
}
