using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R14, knob `move-throttle = amdgpu` (amdgpu_cs_get_threshold_for_moves, amdgpu_cs_report_moved_bytes): an
/// owner's validation asks for its preferred placement, evicting if it must, only while the device's move
/// budget is above zero; one move may overrun it into debt, which emulated time repays at 8 MB/s (up to
/// 200 ms of credit); while at least an eighth of the unpinned VRAM is free the budget is topped up to a
/// quarter of it. Otherwise the validation asks for every allowed placement, which (TTM 6.10 on) brings the
/// buffer back only when it fits without evicting.
/// </summary>
public class R14MoveThrottleTests
{
    private const long Size = 16 * MiB;

    /// <summary>A 64 MiB amdgpu: the client's 16 MiB buffer, evicted to gtt by another process filling VRAM.</summary>
    private static (Machine M, int Client, HandleResult Bo, int[] Pressure) Evicted(params string[] knobs)
    {
        var m = new Machine(Topo(Dev("dgpu", DriverProfile.Amdgpu, "hdmi").Local(64 * MiB)),
            K(["move-throttle=amdgpu", "ttm-fallback=return-if-fits", .. knobs]));
        var client = m.Open(0, renderNode: true);
        var bo = m.Alloc(client, Size);
        var pressure = Enumerable.Range(0, 4).Select(_ => m.Pressure(0, Size)).ToArray();
        Assert.Equal(Placement.Gtt, m.Where(bo.Bo));
        return (m, client, bo, pressure);
    }

    /// <summary>Another process touches its buffers and allocates once more: the client's buffer, least recently used, is evicted again.</summary>
    private static void EvictAgain(Machine m, int[] pressure, HandleResult bo)
    {
        foreach (var p in pressure.Where(p => m.S.Objects.ContainsKey(p) && m.Where(p) == Placement.Vram)) m.UsePressure(p);
        m.Pressure(0, Size);
        Assert.Equal(Placement.Gtt, m.Where(bo.Bo));
    }

    [Fact]
    public void R14_throttle_a_full_budget_lets_the_owner_evict_its_way_back_and_the_move_puts_it_in_debt()
    {
        var (m, client, bo, pressure) = Evicted();
        m.Render(client, bo.Handle);
        Assert.Equal(Placement.Vram, m.Where(bo.Bo));
        Assert.Contains(m.Effects, e => e is Evicted);
        Assert.True(m.S.Budgets[0].AccumMicros < 0, $"budget {m.S.Budgets[0].AccumMicros} us after moving 32 MiB at 8 MB/s");
    }

    [Fact]
    public void R14_throttle_in_debt_the_owner_asks_for_every_allowed_placement_and_stays_in_gtt()
    {
        var (m, client, bo, pressure) = Evicted();
        m.Render(client, bo.Handle);
        EvictAgain(m, pressure, bo);
        m.Render(client, bo.Handle);
        m.SawNothing();
        Assert.Equal(Placement.Gtt, m.Where(bo.Bo));
    }

    [Fact]
    public void R14_throttle_time_repays_the_debt_and_the_owner_evicts_again()
    {
        var (m, client, bo, pressure) = Evicted();
        m.Render(client, bo.Handle);
        EvictAgain(m, pressure, bo);
        m.Tick(1000);
        m.Render(client, bo.Handle);
        Assert.Equal(Placement.Gtt, m.Where(bo.Bo));
        m.Tick(4000);
        m.Render(client, bo.Handle);
        Assert.Equal(Placement.Vram, m.Where(bo.Bo));
        Assert.Contains(m.Effects, e => e is Evicted);
    }

    [Fact]
    public void R14_throttle_off_always_asks_for_the_preferred_placement()
    {
        var (m, client, bo, pressure) = Evicted("move-throttle=off");
        m.Render(client, bo.Handle);
        EvictAgain(m, pressure, bo);
        m.Render(client, bo.Handle);
        Assert.Equal(Placement.Vram, m.Where(bo.Bo));
    }

    [Fact]
    public void R14_throttle_budget_is_topped_up_to_a_quarter_of_free_vram_while_an_eighth_is_free()
    {
        var m = new Machine(Topo(Dev("dgpu", DriverProfile.Amdgpu, "hdmi").Local(64 * MiB)), K("move-throttle=amdgpu"));
        var client = m.Open(0, renderNode: true);
        var bo = m.Alloc(client, Size);
        var hog = m.Pressure(0, 52 * MiB);
        Assert.Equal(Placement.Gtt, m.Where(bo.Bo));
        // 12 MiB free of 64 (more than an eighth): the budget is worth 3 MiB even after a debt.
        var (budget, threshold) = MoveThrottling.Threshold(m.S with { Budgets = [new MoveBudget(-10_000_000, 0)] }, 0);
        Assert.Equal((12 * MiB / 4) >> 3, budget.AccumMicros);
        Assert.True(threshold > 0);
        m.Render(client, bo.Handle);
        Assert.Equal(Placement.Vram, m.Where(bo.Bo));
        Assert.Equal(Placement.Gtt, m.Where(hog));
    }

    [Fact]
    public void R14_throttle_does_not_apply_to_another_processes_active_pressure()
    {
        var (m, client, bo, pressure) = Evicted();
        m.Render(client, bo.Handle);
        var evicted = pressure.First(p => m.Where(p) == Placement.Gtt);
        m.UsePressure(evicted);
        Assert.Equal(Placement.Vram, m.Where(evicted));
        Assert.Contains(m.Effects, e => e is Evicted);
    }

    [Fact]
    public void R14_throttle_a_new_buffer_that_evicts_charges_what_it_moved_to_the_budget()
    {
        // amdgpu_bo_create reports its evictions' bytes (amdgpu_cs_report_moved_bytes): here a VRAM-only buffer evicts 16 MiB.
        var m = new Machine(Topo(Dev("dgpu", DriverProfile.Amdgpu, "hdmi").Local(64 * MiB)), K("move-throttle=amdgpu"));
        var client = m.Open(0, renderNode: true);
        foreach (var _ in Enumerable.Range(0, 4)) m.Pressure(0, Size);
        var before = m.S.Budgets[0].AccumMicros;
        m.Alloc(client, Size, only: true);
        Assert.Contains(m.Effects, e => e is Evicted);
        Assert.Equal(before - (Size >> 3), m.S.Budgets[0].AccumMicros);
    }
}
