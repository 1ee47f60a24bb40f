using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel;

/// <summary>
/// The errno sentences of docs/rules.md ("Errors"): every failure reports one and
/// leaves the state exactly as it was.
/// </summary>
public class ErrnoTests
{
    [Fact]
    public void Gem_close_of_a_handle_the_file_does_not_have_fails_einval()
    {
        var m = new Machine(Laptop);
        var f = m.Open(Dgpu);
        var other = m.Open(Dgpu, renderNode: true);
        var h = m.Alloc(other, MiB).Handle;
        m.Fails(Errno.EINVAL, s => s.GemClose(f, h));
    }

    [Fact]
    public void Handle_to_fd_of_a_handle_the_file_does_not_have_fails_enoent()
    {
        var m = new Machine(Laptop);
        var f = m.Open(Dgpu);
        m.Fails(Errno.ENOENT, s => s.Export(f, 1, ExportFlags.CloExec));
    }

    [Theory]
    [InlineData(0u, 64u, 32u)]
    [InlineData(64u, 0u, 32u)]
    [InlineData(64u, 64u, 0u)]
    public void Dumb_buffer_with_a_zero_dimension_fails_einval(uint width, uint height, uint bpp)
    {
        var m = new Machine(Laptop);
        var f = m.Open(Dgpu);
        m.Fails(Errno.EINVAL, s => s.CreateDumb(f, width, height, bpp));
    }

    [Fact]
    public void Dumb_create_on_a_render_node_fails_eacces()
    {
        var m = new Machine(Laptop);
        var f = m.Open(Dgpu, renderNode: true);
        m.Fails(Errno.EACCES, s => s.CreateDumb(f, 0, 64, 32));
    }

    [Fact]
    public void Opening_a_render_node_the_device_does_not_have_fails_enoent()
    {
        var m = new Machine(Topology.VgemVkms);
        m.Open(0, renderNode: true);
        m.Fails(Errno.ENOENT, s => s.Open(1, true));
        m.Fails(Errno.ENOENT, s => s.Open(2, false));
    }

    [Theory]
    [InlineData("generic-gem", Placement.System)]
    [InlineData("cma-kms", Placement.Cma)]
    [InlineData("amdgpu", Placement.Vram)]
    [InlineData("xe", Placement.Vram)]
    [InlineData("i915", Placement.Gtt)]
    public void Dumb_buffers_live_where_the_profile_keeps_them(string profile, Placement where)
    {
        var m = new Machine(Topo(Dev("d", DriverProfile.Find(profile)!, "out")));
        var bo = m.Dumb(m.Open(0), 640, 480, 32);
        Assert.Equal(where, m.Where(bo.Bo));
        Assert.Equal(KernelOperations.DumbSize(640, 480, 32), m.Bo(bo.Bo).Size);
    }

    [Fact]
    public void Bad_files_fail_ebadf()
    {
        var m = new Machine(Laptop);
        m.Fails(Errno.EBADF, s => s.Alloc(9, MiB, Placement.Vram));
        m.Fails(Errno.EBADF, s => s.CloseFile(9));
        m.Fails(Errno.EBADF, s => s.Map(9, 1));
    }
}
