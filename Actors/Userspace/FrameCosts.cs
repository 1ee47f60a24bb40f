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

    /// <summary>Fixed work of a device (a client's shading, `gpu-ms`), wherever its buffers are.</summary>
    public void Work(int device, double milliseconds)
    {
        if (device >= 0 && milliseconds > 0) Gpu[device] += (long)Math.Round(milliseconds * 1_000_000);
    }

    /// <summary>A copy by a device: B/bw(D, src) + B/bw(D, dst).</summary>
    public void Copy(int accessor, Placement from, int fromOwner, Placement to, int toOwner, long bytes)
    {
        Access(accessor, from, fromOwner, bytes);
        Access(accessor, to, toOwner, bytes);
    }

    /// <summary>
    /// A CPU copy out of a GPU's buffer: it reads where the buffer is (write-combined `gtt` or a VRAM BAR at
    /// `cpu-wc-read`, cached system memory at `cpu`) and writes a buffer in system memory at `cpu`.
    /// </summary>
    public void CpuCopy(Placement from, long bytes) =>
        Cpu += CostModel.CpuReadNanos(Topology, from, bytes) + CostModel.AccessNanos(Topology, CostModel.Cpu, Placement.System, -1, bytes);

    /// <summary>The CPU reads <paramref name="bytes"/> once where they are (a USB display's manager compressing a frame).</summary>
    public void CpuRead(Placement from, long bytes) => Cpu += CostModel.CpuReadNanos(Topology, from, bytes);

    public void Add(FrameCosts other)
    {
        for (var i = 0; i < Gpu.Length; i++) Gpu[i] += other.Gpu[i];
        Cpu += other.Cpu;
    }
}
