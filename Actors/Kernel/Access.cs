using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>Who reaches which placement without a move, and where exporters pin (docs/rules.md: reachability, R9, R10).</summary>
internal sealed partial class Txn
{
    /// <summary>
    /// Whether an importer reaches the exporter's pages in <paramref name="p"/> through an attachment:
    /// system-class memory always; the exporter's VRAM only peer-to-peer with a fully CPU-visible
    /// BAR (resizable BAR); a carveout never (owner only).
    /// </summary>
    public bool Reaches(Attachment a, Placement p, int owner) => p switch
    {
        Placement.Gtt or Placement.System or Placement.Cma => true,
        Placement.Vram => a.Peer2Peer && Spec(owner).ResizableBar,
        _ => false,
    };

    /// <summary>
    /// Where the exporter pins for a pinning mapping or a dma_buf_pin (the profile's pin column).
    /// amdgpu may keep VRAM only with move-notify on and every attachment peer-to-peer.
    /// </summary>
    public Placements ExporterPinTarget(GemObject pages)
    {
        var profile = Spec(pages.Device).Profile;
        var target = profile.PinTarget;
        if (profile.PinInVramWhenAllP2P && State.Knobs.MoveNotify)
        {
            var any = false;
            var all = true;
            foreach (var a in State.AttachmentsOf(pages))
            {
                any = true;
                all &= Reaches(a, Placement.Vram, pages.Device);
            }
            if (any && all) target |= Placements.Vram;
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
        var pinning = !a.Dynamic || !State.Knobs.MoveNotify;
        var pages = Bo(a.ExporterBo);
        if (pinning)
        {
            var pinned = Pin(pages.Id, ExporterPinTarget(pages), PinHolder.Mapping, cause);
            if (pinned != Errno.None) return pinned;
        }
        else if (!Reaches(a, pages.Current, pages.Device) || BindsIntoGtt(pages))
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
    /// The owner validates its object for its own submission (R13): back to its preferred placement,
    /// unless pinned (R11) or, with respects-attachments, while anyone is attached.
    /// </summary>
    public Errno Validate(int id)
    {
        var bo = Bo(id);
        if (bo.Current == Placement.None) return Errno.ENODEV;
        Touch(id);
        bo = Bo(id);
        if (bo.PinCount > 0 || bo.Current == bo.Preferred || !bo.Allowed.Has(bo.Preferred)) return Errno.None;
        if (State.AttachmentCount(bo) > 0 && State.RespectsAttachments(bo.Device)) return Errno.None;
        _locked.Add(id);
        if (!MakeRoom(bo.Preferred, bo.Device, bo.Size, exclude: id)) return Errno.None;
        return Move(id, bo.Preferred, MoveCause.Validate);
    }
}
