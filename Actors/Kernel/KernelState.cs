using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>
/// amdgpu's move budget of one device (amdgpu_cs_get_threshold_for_moves, mm_stats): accumulated move
/// time in microseconds (negative while in debt) and when it was last brought up to date (emulated time).
/// </summary>
public readonly record struct MoveBudget(long AccumMicros, long LastUpdateMicros)
{
    /// <summary>At boot the budget is full: the first command submission sees the whole uptime, capped at 200 ms.</summary>
    public static readonly MoveBudget Full = new(MoveThrottling.MaxAccumMicros, 0);
}

/// <summary>
/// One machine's whole kernel state: every device, pool, file, object, dma-buf and attachment.
/// Immutable: every operation returns a new state (<see cref="KernelResult{T}"/>), and a failed
/// operation returns this very instance, so nothing needs rolling back.
/// </summary>
public sealed record KernelState(
    Topology Topology,
    Knobs Knobs,
    ImmutableArray<DeviceState> Devices,
    ImmutableArray<long> PoolUsed,
    ImmutableSortedDictionary<int, GemObject> Objects,
    ImmutableSortedDictionary<int, DrmFile> Files,
    ImmutableSortedDictionary<int, DmaBuf> DmaBufs,
    ImmutableSortedDictionary<int, DmaBufFd> Fds,
    ImmutableSortedDictionary<int, Attachment> Attachments,
    ImmutableSortedDictionary<string, ShownBuffer> Scanouts,
    int LastObject,
    int LastFile,
    int LastDmaBuf,
    int LastFd,
    int LastAttachment,
    long UseStamp,
    long ClockMicros,
    ImmutableArray<MoveBudget> Budgets)
{
    /// <summary>A freshly booted machine: devices present as the topology says, nothing allocated.</summary>
    public static KernelState Boot(Topology topology, Knobs? knobs = null) =>
        new(topology, knobs ?? Knobs.Default,
            topology.Devices.Select(d => new DeviceState(d.InitiallyPresent, 1)).ToImmutableArray(),
            ImmutableArray.Create(new long[Pools.Count(topology)]),
            ImmutableSortedDictionary<int, GemObject>.Empty,
            ImmutableSortedDictionary<int, DrmFile>.Empty,
            ImmutableSortedDictionary<int, DmaBuf>.Empty,
            ImmutableSortedDictionary<int, DmaBufFd>.Empty,
            ImmutableSortedDictionary<int, Attachment>.Empty,
            ImmutableSortedDictionary.Create<string, ShownBuffer>(StringComparer.Ordinal),
            0, 0, 0, 0, 0, 0, 0,
            [.. topology.Devices.Select(_ => MoveBudget.Full)])
        {
            Index = KernelIndex.Empty(topology),
        };

    /// <summary>
    /// What the operations would otherwise find by scanning the whole state (attachments of a dma-buf, what refers to
    /// an object or a dma-buf, pinned and CPU-visible bytes, each pool's eviction order), kept up to date by every
    /// write of a <c>Txn</c>. Derived data: the invariant checkers never read it.
    /// </summary>
    internal KernelIndex Index { get; init; } = null!;

    public DeviceSpec Spec(int device) => Topology.Devices[device];

    /// <summary>The object whose pages a handle's object uses: itself, or the exporter's for an import.</summary>
    public GemObject PagesOf(GemObject bo) =>
        bo.IsImport && Attachments.TryGetValue(bo.Attachment, out var a) ? Objects[a.ExporterBo] : bo;

    /// <summary>Attachments to the dma-buf of an exported object, in creation order.</summary>
    public IEnumerable<Attachment> AttachmentsOf(GemObject pages)
    {
        if (pages.DmaBuf == 0 || Index.AttachmentsOf(pages.DmaBuf) is not { } ids) yield break;
        foreach (var id in ids)
            if (Attachments.TryGetValue(id, out var a) && a.ExporterBo == pages.Id)
                yield return a;
    }

    public int AttachmentCount(GemObject pages)
    {
        var count = 0;
        foreach (var _ in AttachmentsOf(pages)) count++;
        return count;
    }

    /// <summary>Bytes of a device's own objects pinned in one of its pools (vram or carveout).</summary>
    public long PinnedBytes(Placement placement, int device) =>
        placement is Placement.Vram or Placement.Carveout ? Index.PinnedBytes[Pools.Index(Topology, placement, device)] : 0;

    /// <summary>Bytes resident in one pool.</summary>
    public long Used(Placement placement, int device) => PoolUsed[Pools.Index(Topology, placement, device)];

    public long Free(Placement placement, int device) =>
        Topology.Capacity(placement, device) - Used(placement, device);

    /// <summary>Whether an open file may issue ioctls: its device is present and of the same generation.</summary>
    public bool IsLive(DrmFile file) =>
        Devices[file.Device] is { Present: true } d && d.Generation == file.Generation;

    /// <summary>The effective respects-attachments of an exporter (R13).</summary>
    public bool RespectsAttachments(int device) => Knobs.RespectsAttachments switch
    {
        Uapi.RespectsAttachments.True => true,
        Uapi.RespectsAttachments.False => false,
        _ => Spec(device).Profile.RespectsAttachments,
    };
}
