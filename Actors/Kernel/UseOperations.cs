using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

public static partial class KernelOperations
{
    /// <summary>
    /// The importer's use of an imported object: maps its attachment (R9, R10; a re-map after
    /// move-notify may migrate again, R12). On an own object: nothing.
    /// </summary>
    public static KernelResult<BoInfo> Map(this KernelState s, int fileId, int handle)
    {
        var t = new Txn(s);
        var e = LookUp(t, fileId, handle, out var bo);
        if (e != Errno.None) return t.Fail<BoInfo>(e);
        if (bo.IsImport)
        {
            e = t.MapAttachment(bo.Attachment, cacheUntilDetach: false);
            if (e != Errno.None) return t.Fail<BoInfo>(e);
        }
        return t.Commit(t.State.Describe(handle, t.Bo(bo.Id)));
    }

    /// <summary>
    /// The importer releases its mapping: a pinning mapping unpins (R11). A mapping kept until detach
    /// (maps-at-import profiles, pin-timing=attach) stays.
    /// </summary>
    public static KernelResult<BoInfo> Unmap(this KernelState s, int fileId, int handle)
    {
        var t = new Txn(s);
        var e = LookUp(t, fileId, handle, out var bo);
        if (e != Errno.None) return t.Fail<BoInfo>(e);
        if (bo.IsImport)
        {
            var a = t.State.Attachments[bo.Attachment];
            if (a.Mapped && !a.CachedMapping)
            {
                t.Put(a with { Mapped = false, MapPinned = false });
                if (a.MapPinned) t.Unpin(a.ExporterBo, PinHolder.Mapping);
            }
        }
        return t.Commit(t.State.Describe(handle, t.Bo(bo.Id)));
    }

    /// <summary>
    /// Draws into a handle's object: the owner validates its own object (R13, R14 use), an importer
    /// maps the exporter's pages (R9, R10).
    /// </summary>
    public static KernelResult<BoInfo> Render(this KernelState s, int fileId, int handle)
    {
        var t = new Txn(s);
        var e = LookUp(t, fileId, handle, out var bo);
        if (e != Errno.None) return t.Fail<BoInfo>(e);
        e = bo.IsImport ? t.MapAttachment(bo.Attachment, cacheUntilDetach: false) : t.Validate(bo.Id);
        if (e != Errno.None) return t.Fail<BoInfo>(e);
        return t.Commit(t.State.Describe(handle, t.Bo(bo.Id)));
    }

    /// <summary>The state of a handle's object where its pages are, with no side effect.</summary>
    public static KernelResult<BoInfo> Query(this KernelState s, int fileId, int handle)
    {
        var t = new Txn(s);
        var e = LookUp(t, fileId, handle, out var bo);
        if (e != Errno.None) return t.Fail<BoInfo>(e);
        return t.Commit(s.Describe(handle, bo));
    }

    /// <summary>What a handle's object looks like from userspace: the pages' placement, pins and attachments.</summary>
    public static BoInfo Describe(this KernelState s, int handle, GemObject bo)
    {
        var pages = s.PagesOf(bo);
        var revoked = pages.DmaBuf != 0 && s.DmaBufs.TryGetValue(pages.DmaBuf, out var d) && d.Revoked;
        return new BoInfo(handle, bo.Id, pages.Id, pages.Device, revoked ? Placement.None : pages.Current, pages.PinCount,
            s.AttachmentCount(pages), pages.Size, pages.Preferred);
    }

    private static Errno LookUp(Txn t, int fileId, int handle, out GemObject bo)
    {
        bo = null!;
        var e = t.LiveFile(fileId, out var file);
        if (e != Errno.None) return e;
        if (!file.Handles.TryGetValue(handle, out var id)) return Errno.ENOENT;
        bo = t.Bo(id);
        return Errno.None;
    }
}
