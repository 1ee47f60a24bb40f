using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>How a buffer object came to be.</summary>
public enum BoOrigin : byte
{
    /// <summary>A driver GEM_CREATE with a preferred placement (`alloc`).</summary>
    Alloc,
    /// <summary>MODE_CREATE_DUMB (`create`).</summary>
    Dumb,
    /// <summary>Another process's VRAM allocation (`pressure`): owned by no file.</summary>
    Pressure,
    /// <summary>Another process's pinned VRAM (a compute job, another session's scan-out): never evicted.</summary>
    PinnedPressure,
    /// <summary>An importer object created by FD_TO_HANDLE on a foreign device; its pages are the exporter's.</summary>
    Import,
}

/// <summary>
/// A GEM buffer object. Native objects own pages in <see cref="Current"/>; importer objects
/// (<see cref="Origin"/> = Import) only refer to an exporter's pages through their attachment.
/// </summary>
/// <param name="Id">Creation number (O1, O2... in traces).</param>
/// <param name="Device">Index of the owning device in the topology.</param>
/// <param name="Generation">The device's generation when the object was made (an unplug revokes it).</param>
/// <param name="Current">Where the pages are now; <see cref="Placement.None"/> once revoked (device unplugged) and for importer objects.</param>
/// <param name="Attachment">For importer objects, the attachment that gives access to the exporter's pages.</param>
/// <param name="DmaBuf">obj->dma_buf: the dma-buf this object was exported as or imported from (0: none).</param>
/// <param name="LastUse">LRU stamp (alloc, render, map, scanout), R14.</param>
public sealed record GemObject(
    int Id,
    int Device,
    int Generation,
    long Size,
    Placement Preferred,
    Placements Allowed,
    Placement Current,
    int PinCount,
    bool Contiguous,
    uint Contents,
    BoOrigin Origin,
    int Attachment,
    int DmaBuf,
    long LastUse)
{
    /// <summary>
    /// A new object that owns pages: placed in <paramref name="current"/>, unpinned, with no contents,
    /// never exported, not used yet.
    /// </summary>
    public static GemObject Native(int id, int device, int generation, long size, Placement preferred, Placements allowed,
        Placement current, bool contiguous, BoOrigin origin) =>
        new(id, device, generation, size, preferred, allowed, current, PinCount: 0, contiguous, Contents: 0, origin,
            Attachment: 0, DmaBuf: 0, LastUse: 0);

    /// <summary>
    /// A new importer object (FD_TO_HANDLE on a foreign device): no pages and no placement of its own;
    /// it reaches the exporter's pages of <paramref name="dmaBuf"/> through <paramref name="attachment"/>.
    /// </summary>
    public static GemObject Importer(int id, int device, int generation, long size, int attachment, int dmaBuf) =>
        new(id, device, generation, size, Preferred: Placement.None, Allowed: Placements.None, Current: Placement.None,
            PinCount: 0, Contiguous: false, Contents: 0, BoOrigin.Import, attachment, dmaBuf, LastUse: 0);

    public bool IsImport => Origin == BoOrigin.Import;

    /// <summary>Whether the pages of this object are contiguous in DMA space (R15).</summary>
    public bool ContiguousIn(Placement p) => p == Placement.Cma || Contiguous && p.IsDeviceLocal();

    /// <summary>
    /// The buffer sits in its device's CPU-visible VRAM window (AMDGPU_GEM_CREATE_CPU_ACCESS_REQUIRED): a
    /// peer-to-peer mapping or a pin in VRAM for peer-to-peer importers needs it there when the BAR is small.
    /// </summary>
    public bool CpuVisible { get; init; }

    /// <summary>Whose buffer it is (the metrics' owner split): the creating file's owner; another process's for pressure.</summary>
    public BufferOwner Owner { get; init; }
}
