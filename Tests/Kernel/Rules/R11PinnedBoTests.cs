using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R11: a pinned BO is never moved by eviction or validation; it unpins when its last pinning mapping
/// goes away; unpinning does not move it back.
/// </summary>
public class R11PinnedBoTests
{
    private const long Size = 2 * MiB;

    [Fact]
    public void R11_pinned_bo_is_skipped_by_eviction()
    {
        var t = Laptop;
        var m = new Machine(t with { Devices = [t.Devices[0], t.Devices[1].Local(4 * MiB)] });
        var f = m.Open(Dgpu);
        var shown = m.Alloc(f, Size);
        var other = m.Alloc(f, Size);
        m.Scanout(f, shown.Handle, "hdmi");
        m.Render(f, other.Handle);
        m.Pressure(Dgpu, Size);
        m.Saw(new Evicted(other.Bo, Placement.Vram, Placement.Gtt, Size));
        Assert.Equal(Placement.Vram, m.Where(shown.Bo));
    }

    [Theory]
    [InlineData("default")]
    [InlineData("false")]
    public void R11_pinned_bo_is_not_moved_by_the_owners_validation(string respects)
    {
        var m = new Machine(Laptop, K("respects-attachments=" + respects));
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(Igpu);
        m.Map(comp, m.Import(comp, fd).Handle);
        m.Render(client, bo.Handle);
        m.SawNothing();
        Assert.Equal(Placement.Gtt, m.Where(bo.Bo));
    }

    [Fact]
    public void R11_unpins_when_the_last_pinning_mapping_goes_and_does_not_move_back()
    {
        var m = new Machine(Laptop, K("respects-attachments=false"));
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var c1 = m.Open(Igpu);
        var c2 = m.Open(Igpu, renderNode: true);
        var h1 = m.Import(c1, fd).Handle;
        var h2 = m.Import(c2, fd).Handle;
        m.Map(c1, h1);
        m.Map(c2, h2);
        m.Saw(new Pinned(bo.Bo, Placement.Gtt, PinHolder.Mapping));
        Assert.Equal(2, m.Pins(bo.Bo));
        m.Unmap(c1, h1);
        m.Saw(new Unpinned(bo.Bo, Placement.Gtt, PinHolder.Mapping));
        Assert.Equal(1, m.Pins(bo.Bo));
        m.Render(client, bo.Handle);
        m.SawNothing();
        m.Unmap(c2, h2);
        m.Saw(new Unpinned(bo.Bo, Placement.Gtt, PinHolder.Mapping));
        Assert.Equal((Placement.Gtt, 0), (m.Where(bo.Bo), m.Pins(bo.Bo)));
        // Only the owner's next validation brings it back.
        m.Render(client, bo.Handle);
        m.Saw(new Migrated(bo.Bo, Placement.Gtt, Placement.Vram, Size, MoveCause.Validate));
    }

    [Fact]
    public void R11_pin_timing_attach_unpins_at_detach()
    {
        var m = new Machine(Laptop, K("pin-timing=attach"));
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(Igpu);
        var h = m.Import(comp, fd).Handle;
        m.Unmap(comp, h);
        m.SawNothing();
        Assert.Equal(1, m.Pins(bo.Bo));
        m.CloseFile(comp);
        m.Saw(new Unpinned(bo.Bo, Placement.Gtt, PinHolder.Mapping));
        Assert.Equal(Placement.Gtt, m.Where(bo.Bo));
    }

    [Fact]
    public void R11_bo_pinned_in_gtt_is_not_evicted_to_system()
    {
        var m = new Machine(Laptop.Memory(gtt: 4 * MiB));
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(Igpu);
        m.Map(comp, m.Import(comp, fd).Handle);
        m.Fails(Errno.ENOMEM, s => s.Alloc(comp, 3 * MiB, Placement.Gtt, AllocFlags.Only));
        var fallback = m.Alloc(comp, 3 * MiB, Placement.Gtt);
        m.SawNothing();
        Assert.Equal(Placement.System, m.Where(fallback.Bo));
        Assert.Equal(Placement.Gtt, m.Where(bo.Bo));
    }
}
