using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>R2: HANDLE_TO_FD with flags outside {CLOEXEC, RDWR} fails EINVAL and creates nothing.</summary>
public class R02ExportFlagsTests
{
    [Theory]
    [InlineData(0u)]
    [InlineData(ExportFlags.CloExec)]
    [InlineData(ExportFlags.ReadWrite)]
    [InlineData(ExportFlags.CloExec | ExportFlags.ReadWrite)]
    public void R2_cloexec_and_rdwr_are_accepted(uint flags)
    {
        var m = new Machine(Laptop);
        var f = m.Open(Dgpu);
        var h = m.Alloc(f, MiB).Handle;
        var fd = m.Export(f, h, flags);
        Assert.Single(m.S.DmaBufs);
        Assert.Equal((flags & ExportFlags.CloExec) != 0, m.S.Fds[fd.Fd].CloExec);
        var mode = (flags & ExportFlags.ReadWrite) != 0 ? AccessMode.ReadWrite : AccessMode.ReadOnly;
        Assert.Equal(mode, m.S.DmaBufs[fd.DmaBuf].Mode);
    }

    [Theory]
    [InlineData(0x1u)]
    [InlineData(0x4u)]
    [InlineData(0x40000u)]
    [InlineData(ExportFlags.CloExec | 0x1u)]
    [InlineData(ExportFlags.ReadWrite | 0x80000000u)]
    [InlineData(uint.MaxValue)]
    public void R2_other_flags_fail_einval_and_create_nothing(uint flags)
    {
        var m = new Machine(Laptop);
        var f = m.Open(Dgpu);
        var h = m.Alloc(f, MiB).Handle;
        m.Fails(Errno.EINVAL, s => s.Export(f, h, flags));
        Assert.Empty(m.S.DmaBufs);
        Assert.Empty(m.S.Fds);
    }

    [Fact]
    public void R2_bad_flags_are_checked_before_the_handle()
    {
        var m = new Machine(Laptop);
        var f = m.Open(Dgpu);
        m.Fails(Errno.EINVAL, s => s.Export(f, 7, 0x1));
        m.Fails(Errno.ENOENT, s => s.Export(f, 7, ExportFlags.CloExec));
    }

    [Fact]
    public void R2_bad_flags_on_an_exported_object_add_no_fd()
    {
        var m = new Machine(Laptop);
        var f = m.Open(Dgpu);
        var h = m.Alloc(f, MiB).Handle;
        m.Export(f, h);
        m.Fails(Errno.EINVAL, s => s.Export(f, h, 0x8));
        Assert.Single(m.S.Fds);
    }
}
