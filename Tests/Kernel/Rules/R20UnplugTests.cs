using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R20, kernel part: after unplug every ioctl on the device fails ENODEV; its exports are revoked
/// (attach/map ENODEV; importers' handles stay valid and GEM_CLOSE on them succeeds, but use fails
/// ENODEV); its VRAM contents are gone. Replug makes a fresh device with the same id: old files stay
/// ENODEV, new opens work. (The userspace half, feedback tranches and reallocation, is tested with
/// the compositor.)
/// </summary>
public class R20UnplugTests
{
    private const int Egpu = 1;
    private const long Size = 2 * MiB;

    private static Topology Dock => Topo(Dev("igpu", DriverProfile.I915, "edp"), Dev("egpu", DriverProfile.Amdgpu, "dp") with { LinkGBps = 3.9 });

    private sealed record Rig(Machine M, int Client, int ClientHandle, int Bo, int Fd, int Comp, int Handle)
    {
        public int ImporterBo => M.S.Files[Comp].Handles[Handle];
    }

    /// <summary>A client on the eGPU exports a buffer the iGPU compositor has imported and mapped (pinned in gtt).</summary>
    private static Rig Setup(params string[] knobs)
    {
        var m = new Machine(Dock, K(knobs));
        var client = m.Open(Egpu);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(Igpu);
        var h = m.Import(comp, fd).Handle;
        m.Map(comp, h);
        return new Rig(m, client, bo.Handle, bo.Bo, fd, comp, h);
    }

    [Fact]
    public void R20_every_ioctl_on_an_unplugged_device_fails_enodev()
    {
        var r = Setup();
        var m = r.M;
        var (f, h) = (r.Client, r.ClientHandle);
        var foreign = m.Export(r.Comp, m.Alloc(r.Comp, MiB, Placement.Gtt).Handle).Fd;
        m.Unplug(Egpu);
        m.Fails(Errno.ENODEV, s => s.CreateDumb(f, 64, 64, 32));
        m.Fails(Errno.ENODEV, s => s.Alloc(f, MiB, Placement.Vram));
        m.Fails(Errno.ENODEV, s => s.GemClose(f, h));
        m.Fails(Errno.ENODEV, s => s.Export(f, h, ExportFlags.CloExec));
        m.Fails(Errno.ENODEV, s => s.Import(f, foreign, 0));
        m.Fails(Errno.ENODEV, s => s.Import(f, r.Fd, 0));
        m.Fails(Errno.ENODEV, s => s.ImportBadFd(f, BadFdKind.DevNull));
        m.Fails(Errno.ENODEV, s => s.Map(f, h));
        m.Fails(Errno.ENODEV, s => s.Unmap(f, h));
        m.Fails(Errno.ENODEV, s => s.Render(f, h));
        m.Fails(Errno.ENODEV, s => s.Query(f, h));
        m.Fails(Errno.ENODEV, s => s.AddFramebuffer(f, h));
        m.Fails(Errno.ENODEV, s => s.Scanout(f, h, "dp"));
        m.Fails(Errno.ENODEV, s => s.Open(Egpu, false));
        m.Fails(Errno.ENODEV, s => s.Pressure(Egpu, MiB));
        m.Fails(Errno.ENODEV, s => s.Unplug(Egpu));
    }

    [Fact]
    public void R20_unplug_revokes_exports_drops_importer_pins_and_frees_vram()
    {
        var r = Setup();
        var m = r.M;
        Assert.Equal((Placement.Gtt, 1), (m.Where(r.Bo), m.Pins(r.Bo)));
        m.Unplug(Egpu);
        m.Saw(new Unpinned(r.Bo, Placement.Gtt, PinHolder.Mapping));
        Assert.True(m.S.DmaBufs[m.S.Fds[r.Fd].DmaBuf].Revoked);
        Assert.Equal((Placement.None, 0), (m.Where(r.Bo), m.Pins(r.Bo)));
        Assert.Equal(0, m.S.Used(Placement.Gtt, 0));
        Assert.Equal(0, m.S.Used(Placement.Vram, Egpu));
        Assert.False(m.AttachmentOf(r.ImporterBo).Mapped);
    }

    [Fact]
    public void R20_unplug_releases_the_devices_scanouts_and_pressure()
    {
        var m = new Machine(Dock);
        var f = m.Open(Egpu);
        var bo = m.Alloc(f, Size);
        m.Scanout(f, bo.Handle, "dp");
        var pressure = m.Pressure(Egpu, Size);
        m.Unplug(Egpu);
        m.Saw(new Unpinned(bo.Bo, Placement.Vram, PinHolder.Scanout));
        Assert.Empty(m.S.Scanouts);
        Assert.False(m.S.Objects.ContainsKey(pressure));
        Assert.All(m.S.PoolUsed, used => Assert.Equal(0, used));
    }

    [Fact]
    public void R20_attach_to_a_revoked_export_fails_enodev()
    {
        var r = Setup();
        r.M.Unplug(Egpu);
        var other = r.M.Open(Igpu, renderNode: true);
        r.M.Fails(Errno.ENODEV, s => s.Import(other, r.Fd, 0));
        r.M.Fails(Errno.ENODEV, s => s.Import(other, r.Fd, ImportFlags.NoMove));
    }

    [Fact]
    public void R20_importer_handle_stays_valid_but_use_fails_enodev()
    {
        var r = Setup();
        var m = r.M;
        m.Unplug(Egpu);
        m.Fails(Errno.ENODEV, s => s.Map(r.Comp, r.Handle));
        m.Fails(Errno.ENODEV, s => s.Render(r.Comp, r.Handle));
        m.Fails(Errno.ENODEV, s => s.Scanout(r.Comp, r.Handle, "edp"));
        Assert.Equal(Placement.None, m.Query(r.Comp, r.Handle).Placement);
        // The file's cache still names the handle: importing the same dma-buf again returns it.
        Assert.Equal(r.Handle, m.Import(r.Comp, r.Fd).Handle);
        Assert.Equal(r.Handle, m.GemClose(r.Comp, r.Handle));
        m.SawNothing();
        Assert.Empty(m.S.Attachments);
        m.Fails(Errno.EINVAL, s => s.GemClose(r.Comp, r.Handle));
    }

    [Fact]
    public void R20_dma_buf_fd_of_a_revoked_export_cannot_be_read_or_written()
    {
        var r = Setup();
        r.M.Unplug(Egpu);
        r.M.Fails(Errno.ENODEV, s => s.Read(r.Fd));
        r.M.Fails(Errno.ENODEV, s => s.Write(r.Fd, 1));
    }

    [Fact]
    public void R20_replug_makes_a_fresh_device_and_old_files_stay_enodev()
    {
        var r = Setup();
        var m = r.M;
        m.Unplug(Egpu);
        m.Replug(Egpu);
        m.Fails(Errno.ENODEV, s => s.Query(r.Client, r.ClientHandle));
        m.Fails(Errno.ENODEV, s => s.Alloc(r.Client, MiB, Placement.Vram));
        m.Fails(Errno.ENODEV, s => s.Map(r.Comp, r.Handle));
        var fresh = m.Open(Egpu);
        Assert.Equal(2, m.S.Files[fresh].Generation);
        var bo = m.Alloc(fresh, Size);
        Assert.Equal(1, bo.Handle);
        Assert.Equal(Placement.Vram, m.Where(bo.Bo));
        var fd = m.Export(fresh, bo.Handle).Fd;
        m.Map(r.Comp, m.Import(r.Comp, fd).Handle);
        m.Fails(Errno.ENODEV, s => s.Import(fresh, r.Fd, 0));
        // Old files can still be closed (close is no ioctl) and that frees what they held.
        m.CloseFile(r.Client);
        m.CloseFd(r.Fd);
        m.GemClose(r.Comp, r.Handle);
        Assert.False(m.S.Objects.ContainsKey(r.Bo));
    }

    [Fact]
    public void R20_unplug_of_an_importer_device_releases_its_mapping_pins()
    {
        // The iGPU (static importer) maps an eGPU buffer: amdgpu pins it in GTT for the mapping (R9).
        var m = new Machine(Dock);
        var client = m.Open(Egpu);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(Igpu);
        m.Map(comp, m.Import(comp, fd).Handle);
        Assert.Equal((Placement.Gtt, 1), (m.Where(bo.Bo), m.Pins(bo.Bo)));
        m.Unplug(Igpu);
        m.Saw(new Unpinned(bo.Bo, Placement.Gtt, PinHolder.Mapping));
        m.CloseFile(comp);
        m.SawNothing();
        Assert.Equal(0, m.Pins(bo.Bo));
    }

    [Fact]
    public void R20_bad_hotplug_requests_fail()
    {
        var m = new Machine(Dock);
        m.Fails(Errno.EINVAL, s => s.Replug(Egpu));
        m.Fails(Errno.ENOENT, s => s.Unplug(7));
        m.Fails(Errno.ENOENT, s => s.Replug(-1));
        m.Unplug(Egpu);
        m.Fails(Errno.ENODEV, s => s.Unplug(Egpu));
    }
}
