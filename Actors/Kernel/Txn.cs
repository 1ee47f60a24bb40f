using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>
/// The working copy of one operation: it starts from an immutable state, applies steps, records
/// effects in order, and either commits (a new state) or is dropped (the input state, untouched).
/// Lives only inside one call, so the kernel stays a pure function from the outside.
/// </summary>
internal sealed partial class Txn
{
    private readonly KernelState _original;
    private readonly List<KernelEffect> _effects = [];

    /// <summary>
    /// Objects this operation moves or validates: reserved (locked) for the rest of the operation, so
    /// making room for one never evicts it (TTM skips BOs reserved by the validating context).
    /// </summary>
    private readonly HashSet<int> _locked = [];

    /// <summary>The working state: the input state with every step applied so far.</summary>
    public KernelState State { get; private set; }

    /// <summary>What this operation has written so far (handed out with the committed state).</summary>
    private readonly KernelChanges _changes = new();

    /// <summary>Replaces one device's move budget (R14's throttle).</summary>
    public void SetBudget(int device, MoveBudget budget) => State = State with { Budgets = State.Budgets.SetItem(device, budget) };

    public Txn(KernelState state)
    {
        _original = state;
        State = state;
    }

    public KernelResult<T> Commit<T>(T value) =>
        new(State, Errno.None, value, _effects.Count == 0 ? ImmutableArray<KernelEffect>.Empty : [.. _effects]) { Changes = _changes };

    public KernelResult<T> Fail<T>(Errno errno) => KernelResult<T>.Fail(_original, errno);

    public void Emit(KernelEffect effect) => _effects.Add(effect);

    /// <summary>How many effects this operation has recorded so far (to look at the ones a step adds).</summary>
    public int EffectCount => _effects.Count;

    /// <summary>Bytes moved (migrations and evictions) by the effects recorded since <paramref name="from"/>.</summary>
    public long BytesMovedSince(int from)
    {
        var bytes = 0L;
        for (var i = from; i < _effects.Count; i++)
            bytes += _effects[i] switch { Migrated m => m.Bytes, Evicted e => e.Bytes, _ => 0 };
        return bytes;
    }

    // ---- lookups -------------------------------------------------------------------------------

    public GemObject Bo(int id) => State.Objects[id];

    public DeviceSpec Spec(int device) => State.Topology.Devices[device];

    /// <summary>Looks up a file that may issue ioctls: EBADF if not open, ENODEV if its device is gone.</summary>
    public Errno LiveFile(int fileId, out DrmFile file)
    {
        if (!State.Files.TryGetValue(fileId, out file!)) return Errno.EBADF;
        return State.IsLive(file) ? Errno.None : Errno.ENODEV;
    }

    // ---- writes: every change of the state goes through one of these, which keep the index and record the key --

    public void Put(GemObject bo)
    {
        var old = State.Objects.GetValueOrDefault(bo.Id);
        State = State with { Objects = State.Objects.SetItem(bo.Id, bo), Index = State.Index.WithObject(State.Topology, old, bo) };
        _changes.Object(bo.Id);
    }

    /// <summary>Forgets an object (its pool usage is the caller's: <see cref="Release"/>).</summary>
    public void RemoveBo(int id)
    {
        var old = State.Objects[id];
        State = State with { Objects = State.Objects.Remove(id), Index = State.Index.WithObject(State.Topology, old, null) };
        _changes.Object(id);
    }

    public void Put(Attachment a)
    {
        var index = State.Index;
        var old = State.Attachments.GetValueOrDefault(a.Id);
        if (old is not null && old.DmaBuf != a.DmaBuf) index = index.WithAttachment(old.DmaBuf, a.Id, present: false);
        if (old is null || old.DmaBuf != a.DmaBuf) index = index.WithAttachment(a.DmaBuf, a.Id, present: true);
        State = State with { Attachments = State.Attachments.SetItem(a.Id, a), Index = index };
        _changes.Attachment(a.Id);
    }

    public void RemoveAttachment(int id)
    {
        var old = State.Attachments[id];
        State = State with { Attachments = State.Attachments.Remove(id), Index = State.Index.WithAttachment(old.DmaBuf, id, present: false) };
        _changes.Attachment(id);
    }

    public void Put(DmaBuf d)
    {
        State = State with { DmaBufs = State.DmaBufs.SetItem(d.Id, d) };
        _changes.DmaBuf(d.Id);
    }

    public void RemoveDmaBuf(int id)
    {
        State = State with { DmaBufs = State.DmaBufs.Remove(id) };
        _changes.DmaBuf(id);
    }

    public int NewDmaBufId()
    {
        State = State with { LastDmaBuf = State.LastDmaBuf + 1 };
        return State.LastDmaBuf;
    }

    /// <summary>A new fd of a dma-buf.</summary>
    public int NewFd(int dmaBuf, bool cloExec)
    {
        var fd = State.LastFd + 1;
        State = State with
        {
            LastFd = fd,
            Fds = State.Fds.Add(fd, new DmaBufFd(fd, dmaBuf, cloExec)),
            Index = State.Index.WithFdRef(dmaBuf, +1),
        };
        _changes.Fd(fd);
        return fd;
    }

    public void RemoveFd(int id)
    {
        var fd = State.Fds[id];
        State = State with
        {
            Fds = State.Fds.Remove(id),
            Index = State.Index.WithFdRef(fd.DmaBuf, -1),
        };
        _changes.Fd(id);
    }

    /// <summary>A new open file with empty tables.</summary>
    public int OpenFile(int device, int generation, bool renderNode, BufferOwner owner)
    {
        var id = State.LastFile + 1;
        State = State with { LastFile = id, Files = State.Files.Add(id, DrmFile.Open(id, device, generation, renderNode) with { Owner = owner }) };
        _changes.File(id);
        return id;
    }

    /// <summary>Forgets a file and whatever its tables still hold (the objects they named are the caller's to collect).</summary>
    public void RemoveFile(int id)
    {
        var file = State.Files[id];
        var index = State.Index;
        foreach (var (h, bo) in file.Handles)
        {
            index = index.WithHandleRef(bo, -1);
            _changes.Handle(id, h);
        }
        foreach (var dmaBuf in file.PrimeCache.Keys)
        {
            index = index.WithCacheRef(dmaBuf, -1);
            _changes.CacheEntry(id, dmaBuf);
        }
        foreach (var (fb, bo) in file.Framebuffers)
        {
            index = index.WithFramebufferRef(bo, -1);
            _changes.Framebuffer(id, fb);
        }
        State = State with { Files = State.Files.Remove(id), Index = index };
        _changes.File(id);
    }

    /// <summary>Gives the file's object a handle: R1's smallest free one.</summary>
    public int AddHandle(int fileId, int bo)
    {
        var file = State.Files[fileId];
        var handle = file.NextHandle();
        State = State with
        {
            Files = State.Files.SetItem(fileId, file.WithHandle(handle, bo)),
            Index = State.Index.WithHandleRef(bo, +1),
        };
        _changes.Handle(fileId, handle);
        return handle;
    }

    public void RemoveHandle(int fileId, int handle)
    {
        var file = State.Files[fileId];
        var bo = file.Handles[handle];
        State = State with
        {
            Files = State.Files.SetItem(fileId, file.WithoutHandle(handle)),
            Index = State.Index.WithHandleRef(bo, -1),
        };
        _changes.Handle(fileId, handle);
    }

    /// <summary>Caches a dma-buf's handle in a file (R4); the file must not cache that dma-buf yet.</summary>
    public void AddCacheEntry(int fileId, int dmaBuf, int handle)
    {
        var file = State.Files[fileId];
        if (file.PrimeCache.ContainsKey(dmaBuf)) throw new ArgumentException($"file {fileId} caches dma-buf {dmaBuf} already");
        State = State with
        {
            Files = State.Files.SetItem(fileId, file.WithCacheEntry(dmaBuf, handle)),
            Index = State.Index.WithCacheRef(dmaBuf, +1),
        };
        _changes.CacheEntry(fileId, dmaBuf);
    }

    public void RemoveCacheEntry(int fileId, int dmaBuf)
    {
        var file = State.Files[fileId];
        State = State with
        {
            Files = State.Files.SetItem(fileId, file.WithoutCacheEntry(dmaBuf)),
            Index = State.Index.WithCacheRef(dmaBuf, -1),
        };
        _changes.CacheEntry(fileId, dmaBuf);
    }

    /// <summary>A framebuffer of a file showing an object (ADDFB): the smallest free id.</summary>
    public int AddFramebuffer(int fileId, int bo)
    {
        var file = State.Files[fileId];
        var fb = file.NextFramebuffer();
        State = State with
        {
            Files = State.Files.SetItem(fileId, file.WithFramebuffer(fb, bo)),
            Index = State.Index.WithFramebufferRef(bo, +1),
        };
        _changes.Framebuffer(fileId, fb);
        return fb;
    }

    public void SetScanout(ShownBuffer shown)
    {
        State = State with { Scanouts = State.Scanouts.SetItem(shown.Output, shown) };
        _changes.Scanout(shown.Output);
    }

    private void RemoveScanout(string output)
    {
        State = State with { Scanouts = State.Scanouts.Remove(output) };
        _changes.Scanout(output);
    }

    public void SetDevice(int device, DeviceState state)
    {
        State = State with { Devices = State.Devices.SetItem(device, state) };
        _changes.Device(device);
    }

    public int NewAttachmentId()
    {
        State = State with { LastAttachment = State.LastAttachment + 1 };
        return State.LastAttachment;
    }

    /// <summary>Stamps an object as just used (R14's LRU).</summary>
    public void Touch(int boId)
    {
        var tick = State.UseStamp + 1;
        State = State with { UseStamp = tick };
        Put(Bo(boId) with { LastUse = tick });
    }

    public int NewObjectId()
    {
        State = State with { LastObject = State.LastObject + 1 };
        return State.LastObject;
    }

    // ---- pools ---------------------------------------------------------------------------------

    private void AddUsage(Placement p, int device, long bytes)
    {
        var index = Pools.Index(State.Topology, p, device);
        State = State with { PoolUsed = State.PoolUsed.SetItem(index, State.PoolUsed[index] + bytes) };
        _changes.Pool();
    }

    public void Release(GemObject bo)
    {
        if (bo.Current != Placement.None && !bo.IsImport) AddUsage(bo.Current, bo.Device, -bo.Size);
    }

    private static bool Evictable(Placement p) => p is Placement.Vram or Placement.Carveout or Placement.Gtt;

    /// <summary>
    /// R14: evicts unpinned objects from a pool, least recently used first, until <paramref name="bytes"/>
    /// fit. Evictions made stay even when the request still does not fit (as TTM's); the caller then
    /// falls back or fails the whole operation (which drops them).
    /// </summary>
    public bool MakeRoom(Placement p, int device, long bytes, int exclude)
    {
        if (State.Free(p, device) >= bytes) return true;
        if (!Evictable(p)) return false;
        // The pool's unpinned objects least recently used first, as they are now (the set is immutable: evicting
        // changes the state's, not this one).
        var candidates = State.Index.Lru[Pools.Index(State.Topology, p, device)];
        foreach (var (_, id) in candidates)
        {
            if (id == exclude || _locked.Contains(id)) continue;
            if (State.Free(p, device) >= bytes) return true;
            if (Bo(id).Current == p) TryEvict(id);
        }
        return State.Free(p, device) >= bytes;
    }

    /// <summary>Evicts one object to the next placement of its chain that it may use and that has room.</summary>
    private bool TryEvict(int id)
    {
        var bo = Bo(id);
        for (var to = bo.Current.EvictTarget(); to != Placement.None; to = to.EvictTarget())
        {
            if (!bo.Allowed.Has(to)) continue;
            if (!MakeRoom(to, bo.Device, bo.Size, exclude: id)) continue;
            bo = Bo(id);
            NotifyMove(bo);
            Emit(new Evicted(id, bo.Current, to, bo.Size));
            Relocate(bo, to);
            return true;
        }
        return false;
    }

    /// <summary>Changes an object's placement and the pools' accounting; no effect recorded. Leaving VRAM leaves its CPU-visible window.</summary>
    private void Relocate(GemObject bo, Placement to)
    {
        Release(bo);
        AddUsage(to, bo.Device, bo.Size);
        Put(bo with { Current = to, CpuVisible = bo.CpuVisible && to == bo.Current });
    }

    /// <summary>
    /// R12: before an unpinned exported object leaves vram or gtt, every dynamic attachment gets
    /// move-notify and loses its mapping (it re-maps, possibly re-migrating, on next use).
    /// </summary>
    private void NotifyMove(GemObject bo)
    {
        if (bo.PinCount > 0 || !(bo.Current.IsDeviceLocal() || bo.Current == Placement.Gtt)) return;
        foreach (var a in State.AttachmentsOf(bo).ToList())
        {
            if (!a.Dynamic) continue;
            Emit(new MoveNotified(a.ImporterBo, bo.Id, a.Id));
            if (a.Mapped) Put(a with { Mapped = false });
        }
    }

    /// <summary>Moves an object (not an eviction), making room in the destination first.</summary>
    public Errno Move(int id, Placement to, MoveCause cause)
    {
        var bo = Bo(id);
        if (bo.Current == to) return Errno.None;
        _locked.Add(id);
        if (!MakeRoom(to, bo.Device, bo.Size, exclude: id)) return Errno.ENOMEM;
        bo = Bo(id);
        NotifyMove(bo);
        Emit(new Migrated(id, bo.Current, to, bo.Size, cause));
        Relocate(bo, to);
        return Errno.None;
    }

    /// <summary>
    /// Finds room for a new object: the preferred placement first (evicting, R14), then the rest of
    /// the allowed set in chain order. ENOMEM when nothing fits.
    /// </summary>
    /// <param name="newBo">
    /// A new buffer of a process on the machine (not another process's pressure): with
    /// `new-alloc-under-pressure = fallback`, a buffer that may live in gtt first looks for a placement that
    /// takes it without evicting (TTM's first pass: 6.1's, and amdgpu's since a755906fb2b8), and only then
    /// evicts in order; with `evict` it evicts for its preferred placement first (6.10 to 6.14).
    /// </param>
    public Errno Allocate(int device, long size, Placement preferred, Placements allowed, out Placement placed, bool newBo = false)
    {
        IEnumerable<Placement> order = [preferred, .. allowed.InChainOrder().Where(p => p != preferred)];
        if (newBo && State.Knobs.NewAllocUnderPressure == NewAllocUnderPressure.Fallback && allowed.Has(Placement.Gtt))
        {
            foreach (var p in order)
            {
                if (State.Topology.Capacity(p, device) < size || State.Free(p, device) < size) continue;
                placed = p;
                AddUsage(p, device, size);
                return Errno.None;
            }
        }
        foreach (var p in order)
        {
            if (State.Topology.Capacity(p, device) < size) continue;
            if (MakeRoom(p, device, size, exclude: 0))
            {
                placed = p;
                AddUsage(p, device, size);
                return Errno.None;
            }
        }
        placed = Placement.None;
        return Errno.ENOMEM;
    }

    // ---- pins ----------------------------------------------------------------------------------

    /// <summary>
    /// Pins an object in one of <paramref name="target"/>: in place if it is already there, else after
    /// moving it to the first allowed placement of the target (the move R9 prescribes). EINVAL when
    /// it is already pinned elsewhere or may not go there, ENOMEM when there is no room.
    /// </summary>
    public Errno Pin(int id, Placements target, PinHolder holder, MoveCause cause)
    {
        var bo = Bo(id);
        if (bo.Current == Placement.None) return Errno.ENODEV;
        if (!target.Has(bo.Current))
        {
            if (bo.PinCount > 0) return Errno.EINVAL;
            var to = (target & bo.Allowed).InChainOrder().FirstOrDefault();
            if (to == Placement.None) return Errno.EINVAL;
            var moved = Move(id, to, cause);
            if (moved != Errno.None) return moved;
            bo = Bo(id);
        }
        // amdgpu_bo_pin forces every VRAM pin into the CPU-visible window ("force to pin into visible video
        // ram") unless the buffer was made without CPU access: another process's pinned VRAM is taken to be.
        if (bo.Current == Placement.Vram && holder != PinHolder.Pressure && IsAmdgpu(Spec(bo.Device).Profile)
            && !PlaceInVisibleWindow(id)) return Errno.ENOMEM;
        bo = Bo(id);
        Put(bo with { PinCount = bo.PinCount + 1 });
        Emit(new Pinned(id, bo.Current, holder));
        return Errno.None;
    }

    public void Unpin(int id, PinHolder holder)
    {
        var bo = Bo(id);
        Put(bo with { PinCount = bo.PinCount - 1 });
        Emit(new Unpinned(id, bo.Current, holder));
    }
}
