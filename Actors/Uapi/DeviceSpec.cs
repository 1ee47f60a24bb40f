using System.Collections.Immutable;

namespace Emulation.Actors.Uapi;

/// <summary>
/// One DRM device of a topology: its kind, its driver profile (with any per-device override already
/// applied), outputs, memory and links. Immutable; shared by every machine that uses the topology.
/// </summary>
public sealed record DeviceSpec(
    string Id,
    DeviceKind Kind,
    DriverProfile Profile,
    ImmutableArray<OutputSpec> Outputs,
    bool BootVga,
    bool ResizableBar,
    long LocalMemoryBytes,
    bool HasIommu,
    bool InitiallyPresent,
    double VramGBps,
    double LinkGBps,
    double MemoryGBps)
{
    public const long GiB = 1L << 30;
    public const long MiB = 1L << 20;
    public const double DefaultVramGBps = 512;
    public const double DefaultLinkGBps = 31.5;
    public const double DefaultMemoryGBps = 89.6;

    /// <summary>A device with the profile's defaults (8 GiB VRAM, 512 MiB carveout, PCIe 4.0 x16).</summary>
    public static DeviceSpec Create(string id, DeviceKind kind, DriverProfile profile, params string[] outputs) =>
        new(id, kind, profile, [.. outputs.Select(OutputSpec.Named)], BootVga: false, ResizableBar: false,
            LocalMemoryBytes: profile.LocalMemory switch
            {
                Placement.Vram => 8 * GiB,
                Placement.Carveout => 512 * MiB,
                _ => 0,
            },
            HasIommu: kind == DeviceKind.RenderOnly, InitiallyPresent: true,
            VramGBps: DefaultVramGBps, LinkGBps: DefaultLinkGBps, MemoryGBps: DefaultMemoryGBps);

    /// <summary>The PCI BAR of a device without resizable BAR: the classic 256 MiB window into VRAM.</summary>
    public const long DefaultBarBytes = 256 * MiB;

    /// <summary>The size of the VRAM window the CPU and peers see through the BAR when it is not resizable.</summary>
    public long BarBytes { get; init; } = DefaultBarBytes;

    /// <summary>CPU-visible VRAM: all of it with a resizable BAR, else the BAR window.</summary>
    public long VisibleVramBytes => ResizableBar ? LocalMemoryBytes : Math.Min(BarBytes, LocalMemoryBytes);

    public bool Integrated => Profile.Integrated;

    public bool HasRenderNode => Profile.RenderNode ?? Kind == DeviceKind.RenderOnly;

    public bool CanDisplay => Kind.CanDisplay() && Outputs.Length > 0;

    /// <summary>The placements this device can allocate in (`alloc` of another one is EINVAL).</summary>
    public Placements Allocatable
    {
        get
        {
            var set = Profile.DumbPlacement.Bit();
            if (Profile.HasLocalMemory) set |= Profile.LocalMemory.Bit() | Placements.Gtt | Placements.System;
            if (Profile.DumbPlacement == Placement.Gtt) set |= Placements.System;
            return set;
        }
    }

    /// <summary>
    /// Placements this device scans its own buffers out of: its local memory, and where the profile
    /// scans out of system memory, the system-class placement it allocates in (gtt for GPUs with a
    /// GART, which must bind the pages first).
    /// </summary>
    public Placements OwnScanout
    {
        get
        {
            var set = Profile.HasLocalMemory ? Profile.LocalMemory.Bit() : Placements.None;
            if (Profile.ScanoutFromGtt)
            {
                var system = Allocatable & (Placements.Gtt | Placements.System | Placements.Cma);
                if ((system & Placements.Gtt) != 0) system = Placements.Gtt;
                if (Profile.NeedsContiguous) system &= Placements.Cma;
                set |= system;
            }
            return set;
        }
    }
}
