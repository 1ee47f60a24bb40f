using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>Who reaches which placement without a move, and where exporters pin (docs/rules.md: reachability, R9, R10).</summary>
internal sealed partial class Txn
{
    /// <summary>
    /// Whether an importer reaches the exporter's pages in <paramref name="p"/> through an attachment:
    /// system-class memory always; the exporter's VRAM only peer-to-peer, through the BAR: all of VRAM with a
    /// resizable BAR, else only a buffer pinned in the CPU-visible window (<see cref="Pin"/>); a carveout never
    /// (owner only). An unpinned buffer's peer-to-peer map without resizable BAR moves it to gtt (R10); amdgpu
    /// would also try the window for it (amdgpu_dma_buf_map sets CPU_ACCESS_REQUIRED), which the model leaves out.
    /// </summary>
    public bool Reaches(Attachment a, Placement p, GemObject pages) => p switch
    {
        Placement.Gtt or Placement.System or Placement.Cma => true,
        Placement.Vram => a.Peer2Peer && (Spec(pages.Device).ResizableBar || pages.CpuVisible && pages.Current == Placement.Vram),
        _ => false,
    };

    /// <summary>Bytes of the device's buffers placed in its CPU-visible VRAM window, but <paramref name="except"/>.</summary>
    private long VisibleWindowUsed(int device, int except)
    {
        var used = State.Index.VisibleBytes[device];
        if (State.Objects.TryGetValue(except, out var bo) && !bo.IsImport && bo.Device == device && bo.CpuVisible && bo.Current == Placement.Vram)
            used -= bo.Size;
        return used;
    }

    /// <summary>
    /// Places a VRAM buffer in its device's CPU-visible window (amdgpu sets CPU_ACCESS_REQUIRED: the BAR is the
    /// only way in for a peer). With a resizable BAR all of VRAM is visible. With a small BAR the window holds
    /// the buffers placed there; when this one does not fit beside them, unpinned ones leave the window least
    /// recently used first (TTM's second pass evicts inside the window, and amdgpu_evict_flags sends a visible
    /// VRAM buffer to invisible VRAM while there is room there); false when even that leaves too little room.
    /// A move within VRAM is a local copy the model does not count as a migration.
    /// </summary>
    private bool PlaceInVisibleWindow(int id)
    {
        var bo = Bo(id);
        if (bo.Current != Placement.Vram) return false;
        if (bo.CpuVisible) return true;
        var spec = Spec(bo.Device);
        if (!spec.ResizableBar)
        {
            var window = spec.VisibleVramBytes;
            var visible = VisibleWindowUsed(bo.Device, id);
            if (visible + bo.Size > window)
            {
                // Invisible VRAM holds what is in VRAM outside the window; this buffer leaves it as it enters.
                var invisibleFree = State.Topology.Capacity(Placement.Vram, bo.Device) - window
                                    - (State.Used(Placement.Vram, bo.Device) - visible - bo.Size);
                var leaving = new List<int>();
                // The device's unpinned VRAM objects, least recently used first (the eviction order), those in the window.
                foreach (var (_, otherId) in State.Index.Lru[Pools.Index(State.Topology, Placement.Vram, bo.Device)])
                {
                    var other = Bo(otherId);
                    if (otherId == id || !other.CpuVisible) continue;
                    if (visible + bo.Size <= window) break;
                    if (invisibleFree < other.Size) continue;
                    invisibleFree -= other.Size;
                    visible -= other.Size;
                    leaving.Add(other.Id);
                }
                if (visible + bo.Size > window) return false;
                foreach (var other in leaving) Put(Bo(other) with { CpuVisible = false });
            }
        }
        Put(bo with { CpuVisible = true });
        return true;
    }

    /// <summary>
    /// Where the exporter pins for a pinning mapping or a dma_buf_pin (the profile's "pin goes to"). With
    /// `amdgpu-pin = vram-if-all-p2p` (amdgpu_dma_buf_pin since 6.15), amdgpu pins in VRAM when move-notify is
    /// on and every attachment is peer-to-peer: its allowed domains minus VRAM for any other attachment,
    /// narrowed by amdgpu_bo_pin to the preferred domain, so a VRAM-preferring buffer is pinned in VRAM only
    /// (in the CPU-visible window, <see cref="Pin"/>).
    /// </summary>
    public Placements ExporterPinTarget(GemObject pages)
    {
        var profile = Spec(pages.Device).Profile;
        var target = profile.PinTarget;
        if (profile.PinInVramWhenAllP2P && State.Knobs.AmdgpuPin == AmdgpuPin.VramIfAllP2P && State.Knobs.MoveNotify
            && pages.Preferred == Placement.Vram)
        {
            var any = false;
            var all = true;
            foreach (var a in State.AttachmentsOf(pages))
            {
                any = true;
                all &= a.Peer2Peer;
            }
            if (any && all) target = Placements.Vram;
        }
        return target;
    }

    /// <summary>
    /// Maps an attachment (the importer's use, R9/R10). Static attachments, and every attachment with
    /// move-notify off, pin first where the exporter pins; dynamic ones with move-notify on never pin
    /// and move the pages to gtt unless the importer reaches them where they are.
    /// </summary>
    public Errno MapAttachment(int attachmentId, bool cacheUntilDetach)
    {
        var a = State.Attachments[attachmentId];
        if (State.DmaBufs[a.DmaBuf].Revoked) return Errno.ENODEV;
        if (a.Mapped)
        {
            Touch(a.ExporterBo);
            return Errno.None;
        }
        var cause = a.EverMapped ? MoveCause.Validate : MoveCause.Import;
        var pages = Bo(a.ExporterBo);
        // R9: dma_buf_map_attachment pins only through an exporter's pin operation (dynamic exporters), for a
        // static attachment or when move-notify is off; a static exporter's pages are held by its attach.
        var pinning = Spec(pages.Device).Profile.DynamicExporter && (!a.Dynamic || !State.Knobs.MoveNotify);
        if (pinning)
        {
            var pinned = Pin(pages.Id, ExporterPinTarget(pages), PinHolder.Mapping, cause);
            if (pinned != Errno.None) return pinned;
        }
        else if (a.Dynamic && (!Reaches(a, pages.Current, pages) || BindsIntoGtt(pages)))
        {
            // A pinned BO never moves (R11); amdgpu's map answers EBUSY, R10's errno for "pinned elsewhere" is EINVAL.
            if (pages.PinCount > 0 || !pages.Allowed.Has(Placement.Gtt)) return Errno.EINVAL;
            var moved = Move(pages.Id, Placement.Gtt, cause);
            if (moved != Errno.None) return moved;
        }
        a = State.Attachments[attachmentId];
        Put(a with { Mapped = true, MapPinned = pinning, CachedMapping = cacheUntilDetach, EverMapped = true });
        Touch(a.ExporterBo);
        return Errno.None;
    }

    /// <summary>
    /// R10: a non-peer2peer mapping moves the BO to gtt. System pages are not GPU-mapped: a BO that may
    /// live in gtt is bound there for the mapping (amdgpu and xe validate into GTT/TT), so a dynamic
    /// mapping never sits in `system`, where a later move would not notify it (R12 notifies on leaving
    /// vram or gtt only). Exporters whose BOs can only be in system (generic GEM) map in place.
    /// </summary>
    private static bool BindsIntoGtt(GemObject pages) =>
        pages.Current == Placement.System && pages.Allowed.Has(Placement.Gtt) && pages.PinCount == 0;

    /// <summary>
    /// The owner validates its object for its own submission (R13, R14): unless pinned (R11) or already where
    /// it prefers to be, it asks for its preferred placement alone (evicting others to get there) or for every
    /// allowed placement. It asks for every allowed placement while the buffer is shared with respects-attachments
    /// (amdgpu validates an exported buffer with attachments in its allowed domains), and, with
    /// `move-throttle = amdgpu` on an amdgpu device, when the device's move budget is spent
    /// (<see cref="MoveThrottling"/>). Asking for every allowed placement brings the buffer back only when it
    /// fits without evicting, with `ttm-fallback = return-if-fits` (TTM 6.10 on), and never with `compatible`
    /// (the placement it has is allowed, so it stays). Another process's pressure is not throttled
    /// (<paramref name="ownerSubmission"/> false): it always asks for its preferred placement.
    /// </summary>
    public Errno Validate(int id, bool ownerSubmission = true)
    {
        var bo = Bo(id);
        if (bo.Current == Placement.None) return Errno.ENODEV;
        Touch(id);
        bo = Bo(id);
        if (bo.PinCount > 0 || bo.Current == bo.Preferred || !bo.Allowed.Has(bo.Preferred)) return Errno.None;
        var throttled = ownerSubmission && Throttles(bo.Device);
        var preferredOnly = !(State.AttachmentCount(bo) > 0 && State.RespectsAttachments(bo.Device));
        if (throttled)
        {
            var (budget, threshold) = MoveThrottling.Threshold(State, bo.Device);
            SetBudget(bo.Device, budget);
            preferredOnly &= threshold > 0;
        }
        var from = EffectCount;
        var e = preferredOnly ? ValidatePreferred(id) : ValidateAllowed(id);
        if (throttled) SetBudget(bo.Device, MoveThrottling.Spend(State.Budgets[bo.Device], BytesMovedSince(from)));
        return e;
    }

    /// <summary>The preferred placement alone: evict to make room; when even that fails the buffer stays where it is.</summary>
    private Errno ValidatePreferred(int id)
    {
        var bo = Bo(id);
        _locked.Add(id);
        if (!MakeRoom(bo.Preferred, bo.Device, bo.Size, exclude: id)) return Errno.None;
        return Move(id, bo.Preferred, MoveCause.Validate);
    }

    /// <summary>Every allowed placement: back to the preferred one only when it fits without evicting (TTM 6.10 on).</summary>
    private Errno ValidateAllowed(int id)
    {
        var bo = Bo(id);
        if (State.Knobs.TtmFallback == TtmFallback.Compatible || State.Free(bo.Preferred, bo.Device) < bo.Size) return Errno.None;
        return Move(id, bo.Preferred, MoveCause.Validate);
    }

    /// <summary>Whether the device's moves are charged to a move budget (`move-throttle = amdgpu` on an amdgpu device).</summary>
    public bool Throttles(int device) => State.Knobs.MoveThrottle == MoveThrottle.Amdgpu && IsAmdgpu(Spec(device).Profile);

    /// <summary>The drivers whose command submission throttles moves and whose VRAM pins need the CPU-visible window (amdgpu).</summary>
    private static bool IsAmdgpu(DriverProfile profile) => profile.ThrottlesMoves;
}
