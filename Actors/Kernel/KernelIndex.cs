using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>
/// The kernel state's derived lookups, so that an operation costs O(log n) in the size of the state instead of a
/// scan: each is what a loop over the whole state used to compute. Immutable like the state; the <c>Txn</c> keeps it
/// up to date on every write (<see cref="Txn"/>'s named writes), and nothing else writes it.
/// </summary>
/// <param name="AttachmentsByDmaBuf">dma-buf id -> its attachments' ids (in creation order).</param>
/// <param name="HandleRefs">object id -> how many handles (of all files) name it.</param>
/// <param name="FramebufferRefs">object id -> how many framebuffers show it.</param>
/// <param name="FdRefs">dma-buf id -> how many fds are open on it.</param>
/// <param name="CacheRefs">dma-buf id -> how many files' prime caches hold it.</param>
/// <param name="PinnedBytes">pool index -> bytes of pinned native objects in it.</param>
/// <param name="VisibleBytes">device -> bytes of its native objects in its CPU-visible VRAM window.</param>
/// <param name="Lru">pool index -> its unpinned native objects by (last use, id): the eviction order (R14).</param>
internal sealed record KernelIndex(
    ImmutableDictionary<int, ImmutableSortedSet<int>> AttachmentsByDmaBuf,
    ImmutableDictionary<int, int> HandleRefs,
    ImmutableDictionary<int, int> FramebufferRefs,
    ImmutableDictionary<int, int> FdRefs,
    ImmutableDictionary<int, int> CacheRefs,
    ImmutableArray<long> PinnedBytes,
    ImmutableArray<long> VisibleBytes,
    ImmutableArray<ImmutableSortedSet<(long LastUse, int Id)>> Lru)
{
    public static KernelIndex Empty(Topology topology) => new(
        ImmutableDictionary<int, ImmutableSortedSet<int>>.Empty,
        ImmutableDictionary<int, int>.Empty,
        ImmutableDictionary<int, int>.Empty,
        ImmutableDictionary<int, int>.Empty,
        ImmutableDictionary<int, int>.Empty,
        ImmutableArray.Create(new long[Pools.Count(topology)]),
        ImmutableArray.Create(new long[topology.Devices.Length]),
        [.. Enumerable.Range(0, Pools.Count(topology)).Select(_ => ImmutableSortedSet<(long, int)>.Empty)]);

    public static int Count(ImmutableDictionary<int, int> refs, int key) => refs.GetValueOrDefault(key);

    public static ImmutableDictionary<int, int> Counted(ImmutableDictionary<int, int> refs, int key, int delta)
    {
        var n = refs.GetValueOrDefault(key) + delta;
        return n == 0 ? refs.Remove(key) : refs.SetItem(key, n);
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

    public KernelIndex WithAttachment(int dmaBuf, int attachment, bool present)
    {
        var ids = AttachmentsByDmaBuf.GetValueOrDefault(dmaBuf) ?? ImmutableSortedSet<int>.Empty;
        ids = present ? ids.Add(attachment) : ids.Remove(attachment);
        return this with
        {
            AttachmentsByDmaBuf = ids.IsEmpty ? AttachmentsByDmaBuf.Remove(dmaBuf) : AttachmentsByDmaBuf.SetItem(dmaBuf, ids),
        };
    }
}
