using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

public static partial class KernelOperations
{
    public const long PageSize = Pages.Size;

    /// <summary>PAGE_ALIGN(ceil(width * bpp / 8) * height), the size rule of MODE_CREATE_DUMB.</summary>
    public static long DumbSize(uint width, uint height, uint bpp)
    {
        var pitch = ((ulong)width * bpp + 7) / 8;
        var size = pitch * height;
        return (long)((size + PageSize - 1) / PageSize * PageSize);
    }

    /// <summary>
    /// MODE_CREATE_DUMB: EACCES on a render node, EINVAL for a zero dimension or a size that overflows
    /// 32 bits, exactly as drm_mode_create_dumb checks it (bpp above U32_MAX - 8; cpp * width, then
    /// that stride * height, above U32_MAX; a 32-bit PAGE_ALIGN of that wrapping to 0); placed where
    /// the profile keeps dumb buffers.
    /// </summary>
    public static KernelResult<HandleResult> CreateDumb(this KernelState s, int fileId, uint width, uint height, uint bpp)
    {
        var t = new Txn(s);
        var e = t.LiveFile(fileId, out var file);
        if (e != Errno.None) return t.Fail<HandleResult>(e);
        if (file.RenderNode) return t.Fail<HandleResult>(Errno.EACCES);
        if (width == 0 || height == 0 || bpp == 0) return t.Fail<HandleResult>(Errno.EINVAL);
        if (bpp > uint.MaxValue - 8) return t.Fail<HandleResult>(Errno.EINVAL);
        var cpp = (bpp + 7UL) / 8;
        if (cpp > uint.MaxValue / width) return t.Fail<HandleResult>(Errno.EINVAL);
        var stride = cpp * width;
        if (height > uint.MaxValue / stride) return t.Fail<HandleResult>(Errno.EINVAL);
        if (PageAlignWraps32(stride * height)) return t.Fail<HandleResult>(Errno.EINVAL);
        var size = DumbSize(width, height, bpp);
        var placement = s.Spec(file.Device).Profile.DumbPlacement;
        var allowed = placement is Placement.Cma or Placement.System ? placement.Bit() : placement.WithEvictionChain();
        return CreateObject(t, file, size, placement, allowed & s.Spec(file.Device).Allocatable,
            placement == Placement.Cma, BoOrigin.Dumb);
    }

    /// <summary>PAGE_ALIGN of a 32-bit size wraps to 0 (drm_mode_create_dumb's "test for wrap-around").</summary>
    private static bool PageAlignWraps32(ulong size) => size > uint.MaxValue - (ulong)PageSize + 1;

    /// <summary>
    /// A driver GEM_CREATE (`alloc`): the preferred placement and its eviction chain, or only it.
    /// EINVAL for a placement the device does not have or a size of zero.
    /// </summary>
    public static KernelResult<HandleResult> Alloc(this KernelState s, int fileId, long bytes, Placement placement,
        AllocFlags flags = AllocFlags.None)
    {
        var t = new Txn(s);
        var e = t.LiveFile(fileId, out var file);
        if (e != Errno.None) return t.Fail<HandleResult>(e);
        var spec = s.Spec(file.Device);
        if (bytes <= 0 || !spec.Allocatable.Has(placement)) return t.Fail<HandleResult>(Errno.EINVAL);
        var allowed = flags.HasFlag(AllocFlags.Only) ? placement.Bit() : placement.WithEvictionChain() & spec.Allocatable;
        return CreateObject(t, file, bytes, placement, allowed, flags.HasFlag(AllocFlags.Contiguous) || placement == Placement.Cma,
            BoOrigin.Alloc);
    }

    private static KernelResult<HandleResult> CreateObject(Txn t, DrmFile file, long size, Placement preferred,
        Placements allowed, bool contiguous, BoOrigin origin)
    {
        var from = t.EffectCount;
        var e = t.Allocate(file.Device, size, preferred, allowed, out var placed, newBo: true);
        if (e != Errno.None) return t.Fail<HandleResult>(e);
        // amdgpu_bo_create reports what its evictions moved to the move budget (amdgpu_cs_report_moved_bytes).
        if (t.Throttles(file.Device)) t.SetBudget(file.Device, MoveThrottling.Spend(t.State.Budgets[file.Device], t.BytesMovedSince(from)));
        var id = t.NewObjectId();
        t.Put(GemObject.Native(id, file.Device, file.Generation, size, preferred, allowed, current: placed, contiguous, origin) with { Owner = file.Owner });
        t.Touch(id);
        var handle = t.AddHandle(file.Id, id);
        return t.Commit(new HandleResult(handle, id, true));
    }

    /// <summary>GEM_CLOSE: EINVAL for a handle the file does not have.</summary>
    public static KernelResult<int> GemClose(this KernelState s, int fileId, int handle)
    {
        var t = new Txn(s);
        var e = t.LiveFile(fileId, out var file);
        if (e != Errno.None) return t.Fail<int>(e);
        if (!file.Handles.ContainsKey(handle)) return t.Fail<int>(Errno.EINVAL);
        t.DropHandle(fileId, handle);
        return t.Commit(handle);
    }

    /// <summary>
    /// Another process allocates on a device's own memory (R14): an ordinary unpinned object owned by
    /// no file, placed like any allocation (evicting, then falling back). EINVAL on a device without
    /// vram or carveout.
    /// </summary>
    public static KernelResult<int> Pressure(this KernelState s, int device, long bytes) => s.Pressure(device, bytes, pinned: false);

    /// <summary>
    /// Pressure, optionally pinned by its owner (another process's pinned VRAM: it is never evicted, so
    /// later allocations fall back to other placements, R14).
    /// </summary>
    public static KernelResult<int> Pressure(this KernelState s, int device, long bytes, bool pinned)
    {
        var t = new Txn(s);
        if (device < 0 || device >= s.Devices.Length) return t.Fail<int>(Errno.ENOENT);
        if (!s.Devices[device].Present) return t.Fail<int>(Errno.ENODEV);
        var local = s.Spec(device).Profile.LocalMemory;
        if (local == Placement.None || bytes <= 0) return t.Fail<int>(Errno.EINVAL);
        var allowed = pinned ? local.Bit() : local.WithEvictionChain() & s.Spec(device).Allocatable;
        var e = t.Allocate(device, bytes, local, allowed, out var placed);
        if (e != Errno.None) return t.Fail<int>(e);
        var id = t.NewObjectId();
        var origin = pinned ? BoOrigin.PinnedPressure : BoOrigin.Pressure;
        t.Put(GemObject.Native(id, device, t.State.Devices[device].Generation, bytes, preferred: local, allowed, current: placed,
            contiguous: false, origin) with { Owner = BufferOwner.Other });
        t.Touch(id);
        if (pinned) t.Pin(id, placed.Bit(), PinHolder.Pressure, MoveCause.Validate);
        return t.Commit(id);
    }

    /// <summary>
    /// Pressure that takes all of a device's own memory but <paramref name="leaveFree"/> bytes: what is not
    /// pinned already, so it fits after evicting everything evictable. EINVAL when nothing is left to take.
    /// </summary>
    public static KernelResult<int> PressureLeaving(this KernelState s, int device, long leaveFree, bool pinned)
    {
        if (device < 0 || device >= s.Devices.Length) return KernelResult<int>.Fail(s, Errno.ENOENT);
        var local = s.Spec(device).Profile.LocalMemory;
        if (local == Placement.None) return KernelResult<int>.Fail(s, Errno.EINVAL);
        var pinnedBytes = s.PinnedBytes(local, device);
        var bytes = s.Topology.Capacity(local, device) - pinnedBytes - leaveFree;
        return s.Pressure(device, bytes / KernelOperations.PageSize * KernelOperations.PageSize, pinned);
    }

    /// <summary>
    /// The other process uses its pressure allocation (an active workload): its driver validates it
    /// back into VRAM when it was evicted, evicting others in turn (R14).
    /// </summary>
    public static KernelResult<Unit> UsePressure(this KernelState s, int bo)
    {
        var t = new Txn(s);
        if (!s.Objects.TryGetValue(bo, out var obj) || obj.Origin is not (BoOrigin.Pressure or BoOrigin.PinnedPressure))
            return t.Fail<Unit>(Errno.ENOENT);
        var e = t.Validate(bo, ownerSubmission: false);
        if (e != Errno.None) return t.Fail<Unit>(e);
        return t.Commit(default(Unit));
    }

    /// <summary>The other process frees its pressure allocation on a device: ENOENT when it is no pressure allocation of that device.</summary>
    public static KernelResult<Unit> ReleasePressure(this KernelState s, int device, int bo) =>
        s.Objects.TryGetValue(bo, out var obj) && obj.Device == device
            ? s.ReleasePressure(bo)
            : KernelResult<Unit>.Fail(s, Errno.ENOENT);

    /// <summary>The other process frees its pressure allocation.</summary>
    public static KernelResult<Unit> ReleasePressure(this KernelState s, int bo)
    {
        var t = new Txn(s);
        if (!s.Objects.TryGetValue(bo, out var obj) || obj.Origin is not (BoOrigin.Pressure or BoOrigin.PinnedPressure))
            return t.Fail<Unit>(Errno.ENOENT);
        if (obj.Origin == BoOrigin.PinnedPressure && obj.PinCount > 0)
        {
            t.Unpin(bo, PinHolder.Pressure);
            obj = t.Bo(bo);
        }
        t.Release(obj);
        t.RemoveBo(bo);
        return t.Commit(default(Unit));
    }
}
