using System.Collections.Immutable;

namespace Emulation.Actors.Uapi;

/// <summary>System-wide pools (gtt, system, cma) and the CPU's copy bandwidth (R22).</summary>
public sealed record SystemMemory(long GttBytes, long SystemBytes, long CmaBytes, double CpuGBps)
{
    /// <summary>One thread's cached memcpy (docs/costs.md).</summary>
    public const double DefaultCpuGBps = 10;

    /// <summary>The CPU reading write-combined or uncached GPU memory (docs/costs.md).</summary>
    public const double DefaultCpuWcReadGBps = 0.25;

    /// <summary>GB/s at which the CPU reads write-combined or uncached memory: `gtt`, a VRAM BAR, a carveout (R22).</summary>
    public double CpuWcReadGBps { get; init; } = DefaultCpuWcReadGBps;

    public static readonly SystemMemory Default =
        new(8 * DeviceSpec.GiB, 16 * DeviceSpec.GiB, 256 * DeviceSpec.MiB, DefaultCpuGBps);
}

/// <summary>A peer-to-peer capable device pair (same PCIe switch, allow-listed root complex, XGMI).</summary>
public sealed record P2PLink(string A, string B);

/// <summary>
/// A machine's devices, their outputs, P2P pairs and memory. Immutable and shared by every emulated
/// machine built from it; the kernel state refers to devices by their index in <see cref="Devices"/>.
/// </summary>
public sealed record Topology(string Name, ImmutableArray<DeviceSpec> Devices, ImmutableArray<P2PLink> P2P, SystemMemory Memory)
{
    /// <summary>The default pair of the trace format: vgem (render-only, render node) and vkms (display-only, virtual-1).</summary>
    public static readonly Topology VgemVkms = new("vgem-vkms",
        [
            DeviceSpec.Create("vgem", DeviceKind.RenderOnly, DriverProfile.GenericGem),
            DeviceSpec.Create("vkms", DeviceKind.DisplayOnly, DriverProfile.GenericGem, "virtual-1"),
        ],
        [], SystemMemory.Default);

    /// <summary>
    /// The index of a device in <see cref="Devices"/>, or -1 when the topology has no device of that id.
    /// The kernel's operations take that -1 as they take any index out of range (ENOENT); userspace asks
    /// through <c>FindDevice</c>, which gives null instead.
    /// </summary>
    public int IndexOf(string deviceId)
    {
        for (var i = 0; i < Devices.Length; i++)
            if (Devices[i].Id == deviceId) return i;
        return -1;
    }

    public DeviceSpec this[int index] => Devices[index];

    /// <summary>p2p(a, b) as the topology declares it (symmetric; a device is not its own peer).</summary>
    public bool ArePeers(int a, int b)
    {
        if (a == b) return false;
        var idA = Devices[a].Id;
        var idB = Devices[b].Id;
        foreach (var link in P2P)
            if (link.A == idA && link.B == idB || link.A == idB && link.B == idA)
                return true;
        return false;
    }

    /// <summary>The index of the device that drives an output, or null when no device has that output.</summary>
    public int? DeviceOfOutput(string output)
    {
        for (var i = 0; i < Devices.Length; i++)
            foreach (var o in Devices[i].Outputs)
                if (o.Name == output) return i;
        return null;
    }

    public OutputSpec? Output(string output)
    {
        foreach (var d in Devices)
            foreach (var o in d.Outputs)
                if (o.Name == output) return o;
        return null;
    }

    public IEnumerable<OutputSpec> AllOutputs => Devices.SelectMany(d => d.Outputs);

    /// <summary>Capacity of one pool: vram/carveout of a device, or a system-wide pool.</summary>
    public long Capacity(Placement placement, int device) => placement switch
    {
        Placement.Vram or Placement.Carveout => Devices[device].Profile.LocalMemory == placement ? Devices[device].LocalMemoryBytes : 0,
        Placement.Gtt => Memory.GttBytes,
        Placement.System => Memory.SystemBytes,
        Placement.Cma => Memory.CmaBytes,
        _ => 0,
    };
}
