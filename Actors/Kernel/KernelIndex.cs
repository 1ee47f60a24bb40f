using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>
/// The kernel state's derived lookups, so that an operation costs O(log n) in the size of the state instead of a
/// scan: each is what a loop over the whole state used to compute. Immutable like the state; the <c>Txn</c> keeps it
/// up to date on every write (<see cref="Txn"/>'s named writes), and nothing else writes it.
/// </summary>
/// <param name="ObjectRefs">object id -> how many handles (of all files) and framebuffers name it (absent: none).</param>
/// <param name="DmaBufRefs">dma-buf id -> its open fds, the files caching it and its attachments (absent: none).</param>
/// <param name="PinnedBytes">pool index -> bytes of pinned native objects in it.</param>
/// <param name="VisibleBytes">device -> bytes of its native objects in its CPU-visible VRAM window.</param>
/// <param name="Lru">pool index -> its unpinned native objects by (last use, id): the eviction order (R14).</param>
internal sealed record KernelIndex(
    ImmutableSortedDictionary<int, ObjectRefs> ObjectRefs,
    ImmutableSortedDictionary<int, DmaBufRefs> DmaBufRefs,
    ImmutableArray<long> PinnedBytes,
    ImmutableArray<long> VisibleBytes,
    ImmutableArray<ImmutableSortedSet<(long LastUse, int Id)>> Lru)
{
    public static KernelIndex Empty(Topology topology) => new(
        ImmutableSortedDictionary<int, ObjectRefs>.Empty,
        ImmutableSortedDictionary<int, DmaBufRefs>.Empty,
        ImmutableArray.Create(new long[Pools.Count(topology)]),
        ImmutableArray.Create(new long[topology.Devices.Length]),
        [.. Enumerable.Range(0, Pools.Count(topology)).Select(_ => ImmutableSortedSet<(long, int)>.Empty)]);

    public int Handles(int bo) => ObjectRefs.GetValueOrDefault(bo).Handles;

    public int Framebuffers(int bo) => ObjectRefs.GetValueOrDefault(bo).Framebuffers;

    public int Fds(int dmaBuf) => DmaBufRefs.GetValueOrDefault(dmaBuf).Fds;

    public int Caches(int dmaBuf) => DmaBufRefs.GetValueOrDefault(dmaBuf).Caches;

    /// <summary>The attachments to a dma-buf by id (creation order), or null.</summary>
    public ImmutableSortedSet<int>? AttachmentsOf(int dmaBuf) => DmaBufRefs.GetValueOrDefault(dmaBuf).Attachments;

    public KernelIndex WithHandleRef(int bo, int delta) => WithObjectRefs(bo, r => r with { Handles = r.Handles + delta });

    public KernelIndex WithFramebufferRef(int bo, int delta) => WithObjectRefs(bo, r => r with { Framebuffers = r.Framebuffers + delta });

    public KernelIndex WithFdRef(int dmaBuf, int delta) => WithDmaBufRefs(dmaBuf, r => r with { Fds = r.Fds + delta });

    public KernelIndex WithCacheRef(int dmaBuf, int delta) => WithDmaBufRefs(dmaBuf, r => r with { Caches = r.Caches + delta });

    public KernelIndex WithAttachment(int dmaBuf, int attachment, bool present) => WithDmaBufRefs(dmaBuf, r =>
    {
        var ids = r.Attachments ?? ImmutableSortedSet<int>.Empty;
        ids = present ? ids.Add(attachment) : ids.Remove(attachment);
        return r with { Attachments = ids.IsEmpty ? null : ids };
    });

    private KernelIndex WithObjectRefs(int bo, Func<ObjectRefs, ObjectRefs> change)
    {
        var refs = change(ObjectRefs.GetValueOrDefault(bo));
        return this with { ObjectRefs = refs == default ? ObjectRefs.Remove(bo) : ObjectRefs.SetItem(bo, refs) };
    }

    private KernelIndex WithDmaBufRefs(int dmaBuf, Func<DmaBufRefs, DmaBufRefs> change)
    {
        var refs = change(DmaBufRefs.GetValueOrDefault(dmaBuf));
        return this with { DmaBufRefs = refs.IsEmpty ? DmaBufRefs.Remove(dmaBuf) : DmaBufRefs.SetItem(dmaBuf, refs) };
    }

    /// <summary>The index after an object changed from <paramref name="old"/> to <paramref name="now"/> (null: absent).</summary>
    public KernelIndex WithObject(Topology topology, GemObject? old, GemObject? now)
    {
        var index = this;
        var (oldPool, newPool) = (PoolOf(topology, old), PoolOf(topology, now));
        var (oldPinned, newPinned) = (old is { PinCount: > 0 } ? old.Size : 0, now is { PinCount: > 0 } ? now.Size : 0);
        if (oldPool != newPool || oldPinned != newPinned)
        {
            var pinned = PinnedBytes;
            if (oldPool >= 0 && oldPinned != 0) pinned = pinned.SetItem(oldPool, pinned[oldPool] - oldPinned);
            if (newPool >= 0 && newPinned != 0) pinned = pinned.SetItem(newPool, pinned[newPool] + newPinned);
            index = index with { PinnedBytes = pinned };
        }
        var (oldVisible, newVisible) = (Visible(old), Visible(now));
        if (oldVisible != newVisible || oldVisible != 0 && old!.Device != now!.Device)
        {
            var visible = index.VisibleBytes;
            if (oldVisible != 0) visible = visible.SetItem(old!.Device, visible[old.Device] - oldVisible);
            if (newVisible != 0) visible = visible.SetItem(now!.Device, visible[now.Device] + newVisible);
            index = index with { VisibleBytes = visible };
        }
        var oldLru = old is { PinCount: 0 } && oldPool >= 0 ? (old.LastUse, old.Id) : ((long, int)?)null;
        var newLru = now is { PinCount: 0 } && newPool >= 0 ? (now.LastUse, now.Id) : ((long, int)?)null;
        if (oldLru != newLru || oldPool != newPool)
        {
            var lru = index.Lru;
            if (oldLru is { } o) lru = lru.SetItem(oldPool, lru[oldPool].Remove(o));
            if (newLru is { } n) lru = lru.SetItem(newPool, lru[newPool].Add(n));
            index = index with { Lru = lru };
        }
        return index;
    }

    /// <summary>The pool a native object's pages take (-1: an importer object, or no placement).</summary>
    private static int PoolOf(Topology topology, GemObject? bo) =>
        bo is null || bo.IsImport || bo.Current == Placement.None ? -1 : Pools.Index(topology, bo.Current, bo.Device);

    private static long Visible(GemObject? bo) =>
        bo is { IsImport: false, CpuVisible: true, Current: Placement.Vram } ? bo.Size : 0;
}

/// <summary>What refers to an object: its handles (all files) and framebuffers.</summary>
internal readonly record struct ObjectRefs(int Handles, int Framebuffers);

/// <summary>What refers to a dma-buf: its open fds, the files caching it, its attachments (null: none).</summary>
internal readonly record struct DmaBufRefs(int Fds, int Caches, ImmutableSortedSet<int>? Attachments)
{
    public bool IsEmpty => Fds == 0 && Caches == 0 && Attachments is null;
}
