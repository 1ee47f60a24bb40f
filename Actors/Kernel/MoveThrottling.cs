using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>
/// amdgpu's move throttle (R14, knob `move-throttle = amdgpu`), after amdgpu_cs_get_threshold_for_moves and
/// amdgpu_cs_report_moved_bytes (drivers/gpu/drm/amd/amdgpu/amdgpu_cs.c; docs/kernels.md has the reading):
/// each device has a budget of move time that grows with elapsed time up to 200 ms and is spent at the
/// `amdgpu_moverate` rate (default 8 MB/s, so 8 bytes per microsecond); while at least 128 MiB or an eighth
/// of the unpinned VRAM is free it is topped up to a quarter of the free VRAM's worth (not on APUs). An owner's
/// validation asks for its preferred placement only while the bytes moved so far in the submission (none:
/// each emulated submission validates one buffer) are under the budget, so one move may overrun it and
/// leave the device in debt, which time repays.
/// </summary>
public static class MoveThrottling
{
    /// <summary>"Allow a maximum of 200 accumulated ms."</summary>
    public const long MaxAccumMicros = 200_000;

    /// <summary>ilog2 of amdgpu_moverate's default, 8 MB/s ("-1 = auto" in amdgpu_drv.c).</summary>
    public const int Log2MaxMBps = 3;

    public static long MicrosToBytes(long micros) => micros <= 0 ? 0 : micros << Log2MaxMBps;

    public static long BytesToMicros(long bytes) => bytes >> Log2MaxMBps;

    /// <summary>The device's budget brought up to the kernel's clock, and the threshold in bytes it allows now.</summary>
    public static (MoveBudget Budget, long ThresholdBytes) Threshold(KernelState s, int device)
    {
        var spec = s.Spec(device);
        var local = spec.Profile.LocalMemory;
        var pinned = s.PinnedBytes(local, device);
        var total = s.Topology.Capacity(local, device) - pinned;
        var used = local == Placement.None ? 0 : s.Used(local, device);
        var free = used >= total ? 0 : total - used;

        var budget = s.Budgets[device];
        var accum = Math.Min(budget.AccumMicros + (s.ClockMicros - budget.LastUpdateMicros), MaxAccumMicros);
        if (free >= 128 * DeviceSpec.MiB || free >= total / 8)
            accum = Math.Max(spec.Integrated ? 0 : BytesToMicros(free / 4), accum);
        return (new MoveBudget(accum, s.ClockMicros), MicrosToBytes(accum));
    }

    /// <summary>The bytes a submission moved are spent from the budget (it may go into debt).</summary>
    public static MoveBudget Spend(MoveBudget budget, long bytesMoved) =>
        budget with { AccumMicros = budget.AccumMicros - BytesToMicros(bytesMoved) };
}
