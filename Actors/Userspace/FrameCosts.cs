using Emulation.Actors.Uapi;

namespace Emulation.Actors.Userspace;

/// <summary>
/// R22 costs of one frame, in nanoseconds, per device (topology order) and for the CPU. A device's
/// frame time is the sum of its costs in that frame.
/// </summary>
public sealed class FrameCosts(Topology topology)
{
    public Topology Topology { get; } = topology;
    public long[] Gpu { get; } = new long[topology.Devices.Length];
    public long Cpu { get; set; }

    /// <summary>Device <paramref name="accessor"/> reads or writes <paramref name="bytes"/> where the pages are.</summary>
    public void Access(int accessor, Placement placement, int owner, long bytes)
    {
        if (placement == Placement.None || accessor < 0) return;
        Gpu[accessor] += CostModel.AccessNanos(Topology, accessor, placement, owner, bytes);
    }

    /// <summary>A copy by a device: B/bw(D, src) + B/bw(D, dst).</summary>
    public void Copy(int accessor, Placement from, int fromOwner, Placement to, int toOwner, long bytes)
    {
        Access(accessor, from, fromOwner, bytes);
        Access(accessor, to, toOwner, bytes);
    }

    /// <summary>A CPU copy: read and write at the CPU's bandwidth.</summary>
    public void CpuCopy(long bytes) =>
        Cpu += CostModel.CopyNanos(Topology, CostModel.Cpu, Placement.System, -1, Placement.System, -1, bytes);

    /// <summary>The CPU reads <paramref name="bytes"/> once (a USB display's manager compressing a frame).</summary>
    public void CpuRead(long bytes) =>
        Cpu += CostModel.AccessNanos(Topology, CostModel.Cpu, Placement.System, -1, bytes);

    public void Add(FrameCosts other)
    {
        for (var i = 0; i < Gpu.Length; i++) Gpu[i] += other.Gpu[i];
        Cpu += other.Cpu;
    }
}
