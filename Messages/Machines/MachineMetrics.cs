using System.Collections.Immutable;

namespace Emulation.Messages.Machines;

/// <summary>
/// The spec section 5 figures of one machine under one policy (or their sum over machines). Per-device
/// and per-output figures are indexed in the topology's device and output order; times are in
/// nanoseconds here (the report prints microseconds).
/// </summary>
/// <param name="ImportsFailed">Failed imports per errno, indexed by the Kernel.Errno value.</param>
/// <param name="Copies">Copies per rung of the ladder (zero-copy, blit, gpu-copy, cpu-copy).</param>
public sealed record MachineMetrics(
    long ImportsClean,
    long ImportsMigrated,
    long ImportsPinned,
    ImmutableArray<long> ImportsFailed,
    long ImportMigrations,
    long EvictionMigrations,
    long ValidateMigrations,
    long BytesMoved,
    long PinnedInSystem,
    long Evictions,
    long MoveNotifies,
    long PingPongCycles,
    ImmutableArray<long> Copies,
    long BytesCopied,
    ImmutableArray<long> GpuNanos,
    long CpuNanos,
    ImmutableArray<long> MissedFrames,
    long InvariantViolations)
{
    public const int ErrnoCount = 10;
    public const int RungCount = 4;

    public static MachineMetrics Zero(int devices, int outputs) =>
        new(0, 0, 0, [.. new long[ErrnoCount]], 0, 0, 0, 0, 0, 0, 0, 0, [.. new long[RungCount]], 0,
            [.. new long[devices]], 0, [.. new long[outputs]], 0);

    public long ImportsFailedTotal => ImportsFailed.Sum();

    public long Migrations => ImportMigrations + EvictionMigrations + ValidateMigrations;

    /// <summary>The figure-by-figure sum (machines are summed in index order, but sums are exact integers anyway).</summary>
    public MachineMetrics Plus(MachineMetrics o) => new(
        ImportsClean + o.ImportsClean, ImportsMigrated + o.ImportsMigrated, ImportsPinned + o.ImportsPinned,
        Add(ImportsFailed, o.ImportsFailed), ImportMigrations + o.ImportMigrations, EvictionMigrations + o.EvictionMigrations,
        ValidateMigrations + o.ValidateMigrations, BytesMoved + o.BytesMoved, PinnedInSystem + o.PinnedInSystem,
        Evictions + o.Evictions, MoveNotifies + o.MoveNotifies, PingPongCycles + o.PingPongCycles, Add(Copies, o.Copies),
        BytesCopied + o.BytesCopied, Add(GpuNanos, o.GpuNanos), CpuNanos + o.CpuNanos, Add(MissedFrames, o.MissedFrames),
        InvariantViolations + o.InvariantViolations);

    private static ImmutableArray<long> Add(ImmutableArray<long> a, ImmutableArray<long> b)
    {
        var sum = new long[Math.Max(a.Length, b.Length)];
        for (var i = 0; i < sum.Length; i++) sum[i] = (i < a.Length ? a[i] : 0) + (i < b.Length ? b[i] : 0);
        return [.. sum];
    }
}
