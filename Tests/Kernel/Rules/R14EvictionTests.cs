using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R14: VRAM pressure evicts unpinned BOs, least recently used first (use = alloc, render, map,
/// scanout), to the evict placement (vram -> gtt, gtt -> system) until the request fits; pinned BOs
/// are skipped; if it still does not fit, the allocation falls back to another allowed placement or
/// fails ENOMEM. An evicted BO returns to vram only when its owner validates it again. A pressure
/// allocation is an ordinary unpinned BO owned by no file.
/// </summary>
public class R14EvictionTests
{
    /// <summary>One amdgpu dGPU with 4 MiB of VRAM and the given GTT.</summary>
    private static Machine Small(long gtt = 64 * MiB, params string[] knobs) =>
        new(Topo(Dev("dgpu", DriverProfile.Amdgpu, "hdmi").Local(4 * MiB).Rebar(), Dev("peer", DriverProfile.Amdgpu)).Peers("dgpu", "peer").Memory(gtt), K(knobs));

    [Fact]
    public void R14_pressure_evicts_the_least_recently_used_first()
    {
        var m = Small();
        var f = m.Open(0);
        var bos = Enumerable.Range(0, 4).Select(_ => m.Alloc(f, MiB)).ToList();
        m.Render(f, bos[0].Handle);
        m.Alloc(f, 2 * MiB);
        m.Saw(new Evicted(bos[1].Bo, Placement.Vram, Placement.Gtt, MiB),
              new Evicted(bos[2].Bo, Placement.Vram, Placement.Gtt, MiB));
    }

    [Fact]
    public void R14_scanout_counts_as_use()
    {
        var m = Small();
        var f = m.Open(0);
        var bos = Enumerable.Range(0, 4).Select(_ => m.Alloc(f, MiB)).ToList();
        m.Scanout(f, bos[0].Handle, "hdmi");
        m.Scanout(f, bos[1].Handle, "hdmi");
        // bos[0] is the oldest allocation and no longer pinned, but it was shown after bos[2] and bos[3] were made.
        m.Pressure(0, 2 * MiB);
        m.Saw(new Evicted(bos[2].Bo, Placement.Vram, Placement.Gtt, MiB),
              new Evicted(bos[3].Bo, Placement.Vram, Placement.Gtt, MiB));
    }

    [Fact]
    public void R14_an_importers_map_counts_as_use()
    {
        var m = Small(64 * MiB, "move-notify=true");
        var f = m.Open(0);
        var a = m.Alloc(f, 2 * MiB);
        var b = m.Alloc(f, 2 * MiB);
        var fd = m.Export(f, a.Handle).Fd;
        var comp = m.Open(1);
        m.Map(comp, m.Import(comp, fd).Handle);
        m.SawNothing();
        m.Pressure(0, 2 * MiB);
        m.Saw(new Evicted(b.Bo, Placement.Vram, Placement.Gtt, 2 * MiB));
    }

    [Fact]
    public void R14_pinned_bos_are_skipped()
    {
        var m = Small();
        var f = m.Open(0);
        var a = m.Alloc(f, 2 * MiB);
        var b = m.Alloc(f, 2 * MiB);
        m.Scanout(f, a.Handle, "hdmi");
        m.Render(f, b.Handle);
        m.Alloc(f, 2 * MiB);
        m.Saw(new Evicted(b.Bo, Placement.Vram, Placement.Gtt, 2 * MiB));
        Assert.Equal(Placement.Vram, m.Where(a.Bo));
    }

    [Fact]
    public void R14_falls_back_to_another_allowed_placement_when_nothing_can_be_evicted()
    {
        var m = Small();
        var f = m.Open(0);
        var shown = m.Alloc(f, 4 * MiB);
        m.Scanout(f, shown.Handle, "hdmi");
        var next = m.Alloc(f, MiB);
        m.SawNothing();
        Assert.Equal(Placement.Gtt, m.Where(next.Bo));
        Assert.Equal(Placement.Gtt, m.Query(f, next.Handle).Placement);
    }

    [Fact]
    public void R14_evictions_made_stay_when_the_allocation_falls_back()
    {
        var m = Small();
        var f = m.Open(0);
        var shown = m.Alloc(f, 3 * MiB);
        var small = m.Alloc(f, MiB);
        m.Scanout(f, shown.Handle, "hdmi");
        var next = m.Alloc(f, 2 * MiB);
        m.Saw(new Evicted(small.Bo, Placement.Vram, Placement.Gtt, MiB));
        Assert.Equal(Placement.Gtt, m.Where(next.Bo));
    }

    [Fact]
    public void R14_fails_enomem_and_keeps_everything_when_nothing_fits()
    {
        var m = Small();
        var f = m.Open(0);
        var shown = m.Alloc(f, 3 * MiB);
        m.Alloc(f, MiB);
        m.Scanout(f, shown.Handle, "hdmi");
        m.Fails(Errno.ENOMEM, s => s.Alloc(f, 2 * MiB, Placement.Vram, AllocFlags.Only));
        m.Fails(Errno.ENOMEM, s => s.Alloc(f, 128 * MiB, Placement.Vram));
    }

    [Fact]
    public void R14_eviction_goes_on_to_system_when_gtt_cannot_take_the_bo()
    {
        var m = Small(gtt: 2 * MiB);
        var f = m.Open(0);
        m.Alloc(f, 2 * MiB, Placement.Gtt, only: true);
        var inVram = m.Alloc(f, 4 * MiB);
        m.Pressure(0, 2 * MiB);
        m.Saw(new Evicted(inVram.Bo, Placement.Vram, Placement.System, 4 * MiB));
    }

    [Fact]
    public void R14_evicted_bo_to_gtt_pushes_the_gtt_lru_to_system()
    {
        var m = Small(gtt: 4 * MiB);
        var f = m.Open(0);
        var inGtt = m.Alloc(f, 3 * MiB, Placement.Gtt);
        var inVram = m.Alloc(f, 2 * MiB);
        m.Alloc(f, 3 * MiB);
        m.Saw(new Evicted(inGtt.Bo, Placement.Gtt, Placement.System, 3 * MiB),
              new Evicted(inVram.Bo, Placement.Vram, Placement.Gtt, 2 * MiB));
    }

    [Fact]
    public void R14_evicted_bo_returns_to_vram_only_when_its_owner_validates_it()
    {
        var m = Small();
        var f = m.Open(0);
        var bo = m.Alloc(f, 2 * MiB);
        var pressure = m.Pressure(0, 4 * MiB);
        m.Saw(new Evicted(bo.Bo, Placement.Vram, Placement.Gtt, 2 * MiB));
        m.ReleasePressure(pressure);
        m.SawNothing();
        m.Query(f, bo.Handle);
        m.Export(f, bo.Handle);
        Assert.Equal(Placement.Gtt, m.Where(bo.Bo));
        m.Render(f, bo.Handle);
        m.Saw(new Migrated(bo.Bo, Placement.Gtt, Placement.Vram, 2 * MiB, MoveCause.Validate));
    }

    [Fact]
    public void R14_validation_never_evicts_the_object_it_is_moving()
    {
        // gtt holds the validated BO and a gtt-only BO; making room in vram evicts the pressure
        // allocation, which finds gtt full and goes to system. The validated BO itself stays put until it moves.
        var m = Small(gtt: 4 * MiB);
        var f = m.Open(0);
        var bo = m.Alloc(f, 2 * MiB);
        var pressure = m.Pressure(0, 4 * MiB);
        m.Alloc(f, 2 * MiB, Placement.Gtt, only: true);
        m.Render(f, bo.Handle);
        m.Saw(new Evicted(pressure, Placement.Vram, Placement.System, 4 * MiB),
              new Migrated(bo.Bo, Placement.Gtt, Placement.Vram, 2 * MiB, MoveCause.Validate));
    }

    [Fact]
    public void R14_pressure_allocation_is_owned_by_no_file_and_can_be_evicted()
    {
        var m = Small();
        var f = m.Open(0);
        var pressure = m.Pressure(0, 3 * MiB);
        Assert.Equal(BoOrigin.Pressure, m.Bo(pressure).Origin);
        Assert.DoesNotContain(m.S.Files.Values, file => file.Handles.ContainsValue(pressure));
        m.Alloc(f, 2 * MiB);
        m.Saw(new Evicted(pressure, Placement.Vram, Placement.Gtt, 3 * MiB));
        m.ReleasePressure(pressure);
        Assert.False(m.S.Objects.ContainsKey(pressure));
        Assert.Equal(0, m.S.Used(Placement.Gtt, 0));
    }

    [Fact]
    public void R14_pressure_evicts_like_any_allocation()
    {
        var m = Small();
        var f = m.Open(0);
        var bo = m.Alloc(f, 3 * MiB);
        var pressure = m.Pressure(0, 2 * MiB);
        m.Saw(new Evicted(bo.Bo, Placement.Vram, Placement.Gtt, 3 * MiB));
        Assert.Equal(Placement.Vram, m.Where(pressure));
    }

    [Fact]
    public void R14_pinned_pressure_is_never_evicted_so_later_allocations_fall_back()
    {
        var m = Small();
        var f = m.Open(0);
        var pressure = m.Ok(m.S.Pressure(0, 3 * MiB, pinned: true));
        m.Saw(new Pinned(pressure, Placement.Vram, PinHolder.Pressure));
        Assert.Equal((BoOrigin.PinnedPressure, 1), (m.Bo(pressure).Origin, m.Bo(pressure).PinCount));
        var bo = m.Alloc(f, 2 * MiB);
        m.SawNothing();
        Assert.Equal((Placement.Vram, Placement.Gtt), (m.Where(pressure), m.Where(bo.Bo)));
        m.Ok(m.S.ReleasePressure(pressure));
        m.Saw(new Unpinned(pressure, Placement.Vram, PinHolder.Pressure));
        Assert.Empty(InvariantChecker.Check(m.S));
    }

    [Fact]
    public void R14_pressure_leaving_a_margin_takes_everything_else_evicting_what_it_can()
    {
        var m = Small();
        var f = m.Open(0);
        var bo = m.Alloc(f, MiB);
        var margin = m.Ok(m.S.PressureLeaving(0, MiB, pinned: true));
        Assert.Equal((3 * MiB, Placement.Vram), (m.Bo(margin).Size, m.Where(bo.Bo)));
        m.Ok(m.S.ReleasePressure(margin));
        var all = m.Ok(m.S.PressureLeaving(0, 0, pinned: true));
        Assert.Equal((4 * MiB, Placement.Gtt), (m.Bo(all).Size, m.Where(bo.Bo)));
        m.Fails(Errno.EINVAL, s => s.PressureLeaving(0, 0, pinned: true));
    }

    [Fact]
    public void R14_an_active_pressure_workload_validates_its_buffer_back_into_vram()
    {
        var m = Small();
        var f = m.Open(0);
        var pressure = m.Pressure(0, 3 * MiB);
        m.Alloc(f, 2 * MiB);
        m.Saw(new Evicted(pressure, Placement.Vram, Placement.Gtt, 3 * MiB));
        m.Ok(m.S.UsePressure(pressure));
        Assert.Equal(Placement.Vram, m.Where(pressure));
        m.Fails(Errno.ENOENT, s => s.UsePressure(999));
    }

    [Fact]
    public void R14_bad_pressure_requests_fail()
    {
        var m = new Machine(Laptop);
        m.Fails(Errno.EINVAL, s => s.Pressure(Igpu, MiB));
        m.Fails(Errno.EINVAL, s => s.Pressure(Dgpu, 0));
        m.Fails(Errno.ENOENT, s => s.Pressure(5, MiB));
        m.Fails(Errno.ENOENT, s => s.ReleasePressure(1));
        var f = m.Open(Dgpu);
        var bo = m.Alloc(f, MiB);
        m.Fails(Errno.ENOENT, s => s.ReleasePressure(bo.Bo));
    }
}
