using System.Collections.Immutable;

namespace Emulation.Kernel;

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
    ImmutableSortedDictionary<string, Scanout> Scanouts,
    int LastObject,
    int LastFile,
    int LastDmaBuf,
    int LastFd,
    int LastAttachment,
    long Tick)
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
            ImmutableSortedDictionary.Create<string, Scanout>(StringComparer.Ordinal),
            0, 0, 0, 0, 0, 0);

    public DeviceSpec Spec(int device) => Topology.Devices[device];

    /// <summary>The object whose pages a handle's object uses: itself, or the exporter's for an import.</summary>
    public GemObject PagesOf(GemObject bo) =>
        bo.IsImport && Attachments.TryGetValue(bo.Attachment, out var a) ? Objects[a.ExporterBo] : bo;

    /// <summary>Attachments to the dma-buf of an exported object, in creation order.</summary>
    public IEnumerable<Attachment> AttachmentsOf(GemObject pages)
    {
        if (pages.DmaBuf == 0) yield break;
        foreach (var a in Attachments.Values)
            if (a.DmaBuf == pages.DmaBuf && a.ExporterBo == pages.Id)
                yield return a;
    }

    public int AttachmentCount(GemObject pages) => AttachmentsOf(pages).Count();

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
        Kernel.RespectsAttachments.True => true,
        Kernel.RespectsAttachments.False => false,
        _ => Spec(device).Profile.RespectsAttachments,
    };
}

/// <summary>Pool numbering: gtt, system, cma are system-wide; vram and carveout are per device.</summary>
public static class Pools
{
    public static int Count(Topology t) => 3 + 2 * t.Devices.Length;

    public static int Index(Topology t, Placement p, int device) => p switch
    {
        Placement.Gtt => 0,
        Placement.System => 1,
        Placement.Cma => 2,
        Placement.Vram => 3 + 2 * device,
        Placement.Carveout => 4 + 2 * device,
        _ => throw new ArgumentOutOfRangeException(nameof(p), p, "no pool for this placement"),
    };

    /// <summary>The (placement, device) of each pool index; device is -1 for system-wide pools.</summary>
    public static (Placement Placement, int Device) Describe(int index) => index switch
    {
        0 => (Placement.Gtt, -1),
        1 => (Placement.System, -1),
        2 => (Placement.Cma, -1),
        _ => ((index - 3) % 2 == 0 ? Placement.Vram : Placement.Carveout, (index - 3) / 2),
    };

    /// <summary>Pool name for reports and errors: "vram:dgpu", "gtt".</summary>
    public static string Name(Topology t, int index)
    {
        var (p, d) = Describe(index);
        return d < 0 ? p.Name() : $"{p.Name()}:{t.Devices[d].Id}";
    }
}
