namespace Emulation.Actors.Uapi;

/// <summary>How a driver imports foreign dma-bufs.</summary>
public enum ImporterKind : byte
{
    /// <summary>dma_buf_attach: no move-notify, must be pinned while mapped.</summary>
    Static,
    /// <summary>dma_buf_dynamic_attach with move_notify (amdgpu, xe).</summary>
    Dynamic,
    /// <summary>USB displays: static, through the CPU only (vmap on use).</summary>
    CpuOnly,
}

/// <summary>What an exporter does when a foreign device attaches (R8).</summary>
public enum ExporterAttach : byte
{
    /// <summary>amdgpu, generic GEM: nothing at attach.</summary>
    Nothing,
    /// <summary>i915: migrate to gtt and pin until detach (EOPNOTSUPP if it cannot).</summary>
    MigrateToGttAndPin,
    /// <summary>xe: EOPNOTSUPP when the attachment is not peer2peer and the BO may not use gtt.</summary>
    RefuseWithoutGttUnlessP2P,
    /// <summary>nouveau: pin in gtt at attach.</summary>
    PinInGtt,
    /// <summary>nvidia: foreign import of a vram BO fails EOPNOTSUPP.</summary>
    RefuseVram,
}

/// <summary>How an exporter answers the NO_MOVE RFC's attach_needs_move hook (R16, rfc-hook).</summary>
public enum NoMoveHook : byte
{
    /// <summary>No hook (amdgpu, xe, nvidia): NO_MOVE always fails.</summary>
    Absent,
    /// <summary>Generic GEM prime ops: never needs a move.</summary>
    NeverMoves,
    /// <summary>i915: no move iff the object is in system memory (gtt or system).</summary>
    SystemMemoryOnly,
}

/// <summary>
/// One row of spec 2.1: a driver's default exporter and importer behaviour. A topology may
/// override any column per device (<c>profile with { ... }</c>).
/// </summary>
public sealed record DriverProfile(
    string Name,
    ImporterKind Importer,
    bool AllowP2P,
    ExporterAttach AttachEffect,
    Placements PinTarget,
    bool PinInVramWhenAllP2P,
    bool MapsAtImport,
    bool ScanoutFromGtt,
    bool NeedsContiguous,
    Placement LocalMemory,
    bool? RenderNode,
    bool DynamicExporter,
    bool RespectsAttachments,
    Placement DumbPlacement,
    NoMoveHook NoMoveHook,
    bool Integrated)
{
    public static readonly DriverProfile Amdgpu = new("amdgpu", ImporterKind.Dynamic, true, ExporterAttach.Nothing,
        Placements.Gtt, true, false, false, false, Placement.Vram, true, true, true, Placement.Vram, NoMoveHook.Absent, false);

    public static readonly DriverProfile AmdgpuApu = new("amdgpu-apu", ImporterKind.Dynamic, true, ExporterAttach.Nothing,
        Placements.Gtt, false, false, true, false, Placement.Carveout, true, true, true, Placement.Carveout, NoMoveHook.Absent, true);

    public static readonly DriverProfile I915 = new("i915", ImporterKind.Static, false, ExporterAttach.MigrateToGttAndPin,
        Placements.Gtt, false, false, true, false, Placement.None, true, false, false, Placement.Gtt, NoMoveHook.SystemMemoryOnly, true);

    public static readonly DriverProfile Xe = new("xe", ImporterKind.Dynamic, true, ExporterAttach.RefuseWithoutGttUnlessP2P,
        Placements.Gtt, false, false, false, false, Placement.Vram, true, true, false, Placement.Vram, NoMoveHook.Absent, false);

    public static readonly DriverProfile Nouveau = new("nouveau", ImporterKind.Static, false, ExporterAttach.PinInGtt,
        Placements.Gtt, false, true, false, false, Placement.Vram, true, false, false, Placement.Vram, NoMoveHook.NeverMoves, false);

    public static readonly DriverProfile Nvidia = new("nvidia", ImporterKind.Static, false, ExporterAttach.RefuseVram,
        Placements.Gtt, false, true, false, false, Placement.Vram, true, false, false, Placement.Vram, NoMoveHook.Absent, false);

    /// <summary>vgem, vkms, ast, virtio-gpu; render-only GPUs (etnaviv, panfrost, v3d, asahi) with kind render-only.</summary>
    public static readonly DriverProfile GenericGem = new("generic-gem", ImporterKind.Static, false, ExporterAttach.Nothing,
        Placements.System, false, true, true, false, Placement.None, null, false, false, Placement.System, NoMoveHook.NeverMoves, true);

    /// <summary>vc4, imx-dcss, rockchip without IOMMU.</summary>
    public static readonly DriverProfile CmaKms = new("cma-kms", ImporterKind.Static, false, ExporterAttach.Nothing,
        Placements.Cma, false, true, true, true, Placement.None, false, false, false, Placement.Cma, NoMoveHook.NeverMoves, true);

    /// <summary>udl, evdi, gud.</summary>
    public static readonly DriverProfile UsbDisplay = new("usb-display", ImporterKind.CpuOnly, false, ExporterAttach.Nothing,
        Placements.System, false, false, true, false, Placement.None, false, false, false, Placement.System, NoMoveHook.NeverMoves, false);

    /// <summary>Every profile of spec 2.1, in the spec's order.</summary>
    public static readonly IReadOnlyList<DriverProfile> All =
        [Amdgpu, AmdgpuApu, I915, Xe, Nouveau, Nvidia, GenericGem, CmaKms, UsbDisplay];

    public static DriverProfile? Find(string name) => All.FirstOrDefault(p => p.Name == name);

    /// <summary>Whether this device has a pool of its own (vram or carveout).</summary>
    public bool HasLocalMemory => LocalMemory != Placement.None;
}
