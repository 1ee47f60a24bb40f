namespace Emulation.Actors.Uapi;

/// <summary>
/// R22: an access of B bytes by device D to a buffer costs B / bw(D, placement). Costs are integer
/// nanoseconds (bytes / (GB/s)), so sums over frames and machines are exact and order-free.
/// Bandwidths come from the topology (defaults in <see cref="DeviceSpec"/> and <see cref="SystemMemory"/>).
/// </summary>
public static class CostModel
{
    /// <summary>Accessor index meaning "the CPU".</summary>
    public const int Cpu = -1;

    /// <summary>
    /// bw(D, placement) in GB/s for pages owned by <paramref name="owner"/>: local VRAM at VRAM speed;
    /// a peer's VRAM over the peer's link (P2P); system memory over a dGPU's link, at memory speed
    /// for an integrated GPU; a USB display and the CPU at CPU speed.
    /// </summary>
    public static double Bandwidth(Topology t, int accessor, Placement placement, int owner)
    {
        if (accessor == Cpu) return t.Memory.CpuGBps;
        var d = t.Devices[accessor];
        if (d.Profile.Importer == ImporterKind.CpuOnly) return t.Memory.CpuGBps;
        return placement switch
        {
            Placement.Vram when owner == accessor => d.VramGBps,
            Placement.Vram => t.Devices[owner].LinkGBps,
            Placement.Carveout => d.MemoryGBps,
            _ => d.Profile.LocalMemory == Placement.Vram ? d.LinkGBps : d.MemoryGBps,
        };
    }

    /// <summary>Nanoseconds for <paramref name="accessor"/> to read or write <paramref name="bytes"/> in a placement.</summary>
    public static long AccessNanos(Topology t, int accessor, Placement placement, int owner, long bytes)
    {
        if (bytes <= 0) return 0;
        var bw = Bandwidth(t, accessor, placement, owner);
        return (long)Math.Ceiling(bytes / bw);
    }

    /// <summary>A copy by one device (or the CPU): B/bw(D, src) + B/bw(D, dst).</summary>
    public static long CopyNanos(Topology t, int accessor, Placement from, int fromOwner, Placement to, int toOwner, long bytes) =>
        AccessNanos(t, accessor, from, fromOwner, bytes) + AccessNanos(t, accessor, to, toOwner, bytes);

    /// <summary>
    /// R22: a migration, eviction or validation move of <paramref name="bytes"/> costs its buffer's owner device
    /// B/bw(owner, from) + B/bw(owner, to): TTM moves with the owner's copy engine (amdgpu's SDMA, xe's blitter).
    /// A move between `gtt` and `system` copies nothing: the pages stay where they are and only their GART
    /// binding changes (TTM binds or unbinds a TT), so it costs nothing here.
    /// </summary>
    public static long MoveNanos(Topology t, int owner, Placement from, Placement to, long bytes)
    {
        if (from is Placement.Gtt or Placement.System && to is Placement.Gtt or Placement.System) return 0;
        return AccessNanos(t, owner, from, owner, bytes) + AccessNanos(t, owner, to, owner, bytes);
    }

    /// <summary>The CPU reads <paramref name="bytes"/> from a placement: cached system memory at `cpu` bandwidth,
    /// write-combined GPU memory (`gtt`, a VRAM BAR, a carveout) at `cpu-wc-read`.</summary>
    public static long CpuReadNanos(Topology t, Placement placement, long bytes)
    {
        if (bytes <= 0) return 0;
        var bw = placement is Placement.System or Placement.Cma ? t.Memory.CpuGBps : t.Memory.CpuWcReadGBps;
        return (long)Math.Ceiling(bytes / bw);
    }

    /// <summary>The frame budget of an output: 1000 / refresh ms.</summary>
    public static long FrameBudgetNanos(OutputSpec output) => 1_000_000_000L / Math.Max(1, output.RefreshHz);
}
