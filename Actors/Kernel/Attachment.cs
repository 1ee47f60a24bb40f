using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>
/// An importer device's attachment to a foreign dma-buf; one per importing file (R6).
/// </summary>
/// <param name="Dynamic">dma_buf_dynamic_attach: gets move-notify (R12).</param>
/// <param name="Peer2Peer">importer.allowP2P and importer dynamic and p2p(exporter, importer) (R8).</param>
/// <param name="Mapped">The importer holds a valid mapping of the pages.</param>
/// <param name="MapPinned">The mapping holds a pin (R9).</param>
/// <param name="AttachPinned">The exporter pinned at attach until detach (i915, nouveau; R8).</param>
/// <param name="CachedMapping">Mapped at import and kept until detach (maps-at-import profiles, pin-timing=attach).</param>
/// <param name="EverMapped">A later mapping is a re-map (counted as a validate migration), not the import's.</param>
public sealed record Attachment(
    int Id,
    int DmaBuf,
    int ExporterBo,
    int ImporterDevice,
    int ImporterFile,
    int ImporterBo,
    bool Dynamic,
    bool Peer2Peer,
    bool Mapped,
    bool MapPinned,
    bool AttachPinned,
    bool CachedMapping,
    bool EverMapped)
{
    /// <summary>
    /// A new attachment, before the exporter's attach effect: no importer object yet, not mapped, holding
    /// no pin.
    /// </summary>
    public static Attachment Unmapped(int id, int dmaBuf, int exporterBo, int importerDevice, int importerFile,
        bool dynamic, bool peer2peer) =>
        new(id, dmaBuf, exporterBo, importerDevice, importerFile, ImporterBo: 0, dynamic, peer2peer, Mapped: false,
            MapPinned: false, AttachPinned: false, CachedMapping: false, EverMapped: false);
}

/// <summary>What an output shows: a framebuffer of a file's object, pinned while shown.</summary>
/// <param name="ShownBo">The object the file's handle names (an importer object for a foreign buffer).</param>
/// <param name="PagesBo">The object whose pages are scanned out and pinned.</param>
public sealed record ShownBuffer(string Output, int File, int ShownBo, int PagesBo);

/// <summary>A device's hot-plug state: a replug makes a new generation (old files stay ENODEV).</summary>
public sealed record DeviceState(bool Present, int Generation);
