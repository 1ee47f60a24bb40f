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
    /// <summary>amdgpu, xe (when peer-to-peer or movable), DMA-helper exporters (cma-kms, usb-display): nothing at attach.</summary>
    Nothing,
    /// <summary>i915: migrate to gtt and pin until detach (EOPNOTSUPP if it cannot).</summary>
    MigrateToGttAndPin,
    /// <summary>xe: EOPNOTSUPP when the attachment is not peer2peer and the BO may not use gtt.</summary>
    RefuseWithoutGttUnlessP2P,
    /// <summary>nouveau: pin in gtt at attach.</summary>
    PinInGtt,
    /// <summary>nvidia: foreign import of a vram BO fails EOPNOTSUPP.</summary>
    RefuseVram,
    /// <summary>
    /// GEM-helper exporters (vgem, vkms, shmem-backed drivers): drm_gem_map_attach pins the pages where they
    /// are (drm_gem_pin) until detach; nothing moves.
    /// </summary>
    PinWhereTheyAre,
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
/// One row of the drivers' table of docs/scenarios.md: a driver's default exporter and importer behaviour. A topology may
/// override any column per device (<c>profile with { ... }</c>).
/// </summary>
public sealed record DriverProfile
{
    /// <summary>The profile's name in topology files and reports (<c>amdgpu</c>, <c>i915</c>...).</summary>
    public required string Name { get; init; }
    /// <summary>How the driver imports a foreign dma-buf: static, dynamic or through the CPU only.</summary>
    public required ImporterKind Importer { get; init; }
    /// <summary>The importer's allow_peer2peer: a dynamic attachment may map a peer's vram (R8).</summary>
    public required bool AllowP2P { get; init; }
    /// <summary>What the driver does, as exporter, when a foreign device attaches (R8).</summary>
    public required ExporterAttach AttachEffect { get; init; }
    /// <summary>Where the driver, as exporter, pins a BO when a mapping needs a pin (R9).</summary>
    public required Placements PinTarget { get; init; }
    /// <summary>amdgpu: with move-notify on, a pin may stay in vram when every attachment reaches it there (peer2peer, resizable BAR).</summary>
    public required bool PinInVramWhenAllP2P { get; init; }
    /// <summary>A static importer maps (and so pins) inside FD_TO_HANDLE, whatever the pin-timing knob (R9).</summary>
    public required bool MapsAtImport { get; init; }
    /// <summary>The display engine can scan out a BO in gtt, so ADDFB of a foreign import works (R15).</summary>
    public required bool ScanoutFromGtt { get; init; }
    /// <summary>Scan-out needs physically contiguous pages unless the device has an IOMMU (R15).</summary>
    public required bool NeedsContiguous { get; init; }
    /// <summary>The device's own pool: vram, carveout, or <see cref="Placement.None"/>.</summary>
    public required Placement LocalMemory { get; init; }
    /// <summary>Whether the device has a render node; null: only render-only devices have one.</summary>
    public required bool? RenderNode { get; init; }
    /// <summary>The exporter handles dynamic attachments (amdgpu, xe): with pin-timing=attach, a static importer of its BO maps and pins inside FD_TO_HANDLE (R9).</summary>
    public required bool DynamicExporter { get; init; }
    /// <summary>The exporter's own submissions leave an attached BO where it is (R13).</summary>
    public required bool RespectsAttachments { get; init; }
    /// <summary>Where MODE_CREATE_DUMB puts a buffer.</summary>
    public required Placement DumbPlacement { get; init; }
    /// <summary>The answer to the NO_MOVE RFC's attach_needs_move hook (R16, no-move=rfc-hook).</summary>
    public required NoMoveHook NoMoveHook { get; init; }
    /// <summary>An integrated GPU (shares system memory with the CPU).</summary>
    public required bool Integrated { get; init; }

    /// <summary>The driver's command submission throttles the moves of its owner validations (amdgpu_cs.c; R14, `move-throttle`).</summary>
    public bool ThrottlesMoves { get; init; }

    public static readonly DriverProfile Amdgpu = new()
    {
        Name = "amdgpu",
        ThrottlesMoves = true,
        Importer = ImporterKind.Dynamic,
        AllowP2P = true,
        AttachEffect = ExporterAttach.Nothing,
        PinTarget = Placements.Gtt,
        PinInVramWhenAllP2P = true,
        MapsAtImport = false,
        ScanoutFromGtt = false,
        NeedsContiguous = false,
        LocalMemory = Placement.Vram,
        RenderNode = true,
        DynamicExporter = true,
        RespectsAttachments = true,
        DumbPlacement = Placement.Vram,
        NoMoveHook = NoMoveHook.Absent,
        Integrated = false,
    };

    public static readonly DriverProfile AmdgpuApu = new()
    {
        Name = "amdgpu-apu",
        ThrottlesMoves = true,
        Importer = ImporterKind.Dynamic,
        AllowP2P = true,
        AttachEffect = ExporterAttach.Nothing,
        PinTarget = Placements.Gtt,
        PinInVramWhenAllP2P = false,
        MapsAtImport = false,
        ScanoutFromGtt = true,
        NeedsContiguous = false,
        LocalMemory = Placement.Carveout,
        RenderNode = true,
        DynamicExporter = true,
        RespectsAttachments = true,
        DumbPlacement = Placement.Carveout,
        NoMoveHook = NoMoveHook.Absent,
        Integrated = true,
    };

    public static readonly DriverProfile I915 = new()
    {
        Name = "i915",
        Importer = ImporterKind.Static,
        AllowP2P = false,
        AttachEffect = ExporterAttach.MigrateToGttAndPin,
        PinTarget = Placements.Gtt,
        PinInVramWhenAllP2P = false,
        MapsAtImport = false,
        ScanoutFromGtt = true,
        NeedsContiguous = false,
        LocalMemory = Placement.None,
        RenderNode = true,
        DynamicExporter = false,
        RespectsAttachments = false,
        DumbPlacement = Placement.Gtt,
        NoMoveHook = NoMoveHook.SystemMemoryOnly,
        Integrated = true,
    };

    public static readonly DriverProfile Xe = new()
    {
        Name = "xe",
        Importer = ImporterKind.Dynamic,
        AllowP2P = true,
        AttachEffect = ExporterAttach.RefuseWithoutGttUnlessP2P,
        PinTarget = Placements.Gtt,
        PinInVramWhenAllP2P = false,
        MapsAtImport = false,
        ScanoutFromGtt = false,
        NeedsContiguous = false,
        LocalMemory = Placement.Vram,
        RenderNode = true,
        DynamicExporter = true,
        RespectsAttachments = false,
        DumbPlacement = Placement.Vram,
        NoMoveHook = NoMoveHook.Absent,
        Integrated = false,
    };

    public static readonly DriverProfile Nouveau = new()
    {
        Name = "nouveau",
        Importer = ImporterKind.Static,
        AllowP2P = false,
        AttachEffect = ExporterAttach.PinInGtt,
        PinTarget = Placements.Gtt,
        PinInVramWhenAllP2P = false,
        MapsAtImport = true,
        ScanoutFromGtt = false,
        NeedsContiguous = false,
        LocalMemory = Placement.Vram,
        RenderNode = true,
        DynamicExporter = false,
        RespectsAttachments = false,
        DumbPlacement = Placement.Vram,
        NoMoveHook = NoMoveHook.NeverMoves,
        Integrated = false,
    };

    public static readonly DriverProfile Nvidia = new()
    {
        Name = "nvidia",
        Importer = ImporterKind.Static,
        AllowP2P = false,
        AttachEffect = ExporterAttach.RefuseVram,
        PinTarget = Placements.Gtt,
        PinInVramWhenAllP2P = false,
        MapsAtImport = true,
        ScanoutFromGtt = false,
        NeedsContiguous = false,
        LocalMemory = Placement.Vram,
        RenderNode = true,
        DynamicExporter = false,
        RespectsAttachments = false,
        DumbPlacement = Placement.Vram,
        NoMoveHook = NoMoveHook.Absent,
        Integrated = false,
    };

    /// <summary>
    /// Intel's integrated GPUs from Lunar Lake on, run by xe: a dynamic importer that allows peer-to-peer, an
    /// exporter like xe's, and no VRAM (its buffers and dumb buffers live in system memory, TT: `gtt`).
    /// </summary>
    public static readonly DriverProfile XeIgpu = new()
    {
        Name = "xe-igpu",
        Importer = ImporterKind.Dynamic,
        AllowP2P = true,
        AttachEffect = ExporterAttach.RefuseWithoutGttUnlessP2P,
        PinTarget = Placements.Gtt,
        PinInVramWhenAllP2P = false,
        MapsAtImport = false,
        ScanoutFromGtt = true,
        NeedsContiguous = false,
        LocalMemory = Placement.None,
        RenderNode = true,
        DynamicExporter = true,
        RespectsAttachments = false,
        DumbPlacement = Placement.Gtt,
        NoMoveHook = NoMoveHook.Absent,
        Integrated = true,
    };

    /// <summary>vgem, vkms, ast, virtio-gpu; render-only GPUs (etnaviv, panfrost, v3d, asahi) with kind render-only.</summary>
    public static readonly DriverProfile GenericGem = new()
    {
        Name = "generic-gem",
        Importer = ImporterKind.Static,
        AllowP2P = false,
        AttachEffect = ExporterAttach.PinWhereTheyAre,
        PinTarget = Placements.System,
        PinInVramWhenAllP2P = false,
        MapsAtImport = true,
        ScanoutFromGtt = true,
        NeedsContiguous = false,
        LocalMemory = Placement.None,
        RenderNode = null,
        DynamicExporter = false,
        RespectsAttachments = false,
        DumbPlacement = Placement.System,
        NoMoveHook = NoMoveHook.NeverMoves,
        Integrated = true,
    };

    /// <summary>vc4, imx-dcss, rockchip without IOMMU.</summary>
    public static readonly DriverProfile CmaKms = new()
    {
        Name = "cma-kms",
        Importer = ImporterKind.Static,
        AllowP2P = false,
        AttachEffect = ExporterAttach.Nothing,
        PinTarget = Placements.Cma,
        PinInVramWhenAllP2P = false,
        MapsAtImport = true,
        ScanoutFromGtt = true,
        NeedsContiguous = true,
        LocalMemory = Placement.None,
        RenderNode = false,
        DynamicExporter = false,
        RespectsAttachments = false,
        DumbPlacement = Placement.Cma,
        NoMoveHook = NoMoveHook.NeverMoves,
        Integrated = true,
    };

    /// <summary>udl, evdi, gud.</summary>
    public static readonly DriverProfile UsbDisplay = new()
    {
        Name = "usb-display",
        Importer = ImporterKind.CpuOnly,
        AllowP2P = false,
        AttachEffect = ExporterAttach.Nothing,
        PinTarget = Placements.System,
        PinInVramWhenAllP2P = false,
        MapsAtImport = false,
        ScanoutFromGtt = true,
        NeedsContiguous = false,
        LocalMemory = Placement.None,
        RenderNode = false,
        DynamicExporter = false,
        RespectsAttachments = false,
        DumbPlacement = Placement.System,
        NoMoveHook = NoMoveHook.NeverMoves,
        Integrated = false,
    };

    /// <summary>Every profile, in the order of that table.</summary>
    public static readonly IReadOnlyList<DriverProfile> All =
        [Amdgpu, AmdgpuApu, I915, Xe, XeIgpu, Nouveau, Nvidia, GenericGem, CmaKms, UsbDisplay];

    public static DriverProfile? Find(string name) => All.FirstOrDefault(p => p.Name == name);

    /// <summary>Whether this device has a pool of its own (vram or carveout).</summary>
    public bool HasLocalMemory => LocalMemory != Placement.None;
}
