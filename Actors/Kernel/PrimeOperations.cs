using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

public static partial class KernelOperations
{
    /// <summary>
    /// PRIME HANDLE_TO_FD (R2, R3): EINVAL for flags outside {CLOEXEC, RDWR}, ENOENT for an unknown
    /// handle. Every call gives a new fd of the object's one dma-buf (the original foreign one for an
    /// import); the first export fixes the access mode. Never moves or pins.
    /// </summary>
    public static KernelResult<FdResult> Export(this KernelState s, int fileId, int handle, uint flags)
    {
        var t = new Txn(s);
        var e = t.LiveFile(fileId, out var file);
        if (e != Errno.None) return t.Fail<FdResult>(e);
        if ((flags & ~ExportFlags.Valid) != 0) return t.Fail<FdResult>(Errno.EINVAL);
        if (!file.Handles.TryGetValue(handle, out var boId)) return t.Fail<FdResult>(Errno.ENOENT);
        var dmaBuf = file.CachedDmaBufOf(handle);
        if (dmaBuf == 0)
        {
            var bo = t.Bo(boId);
            if (bo.IsImport) dmaBuf = s.Attachments[bo.Attachment].DmaBuf;
            else if (bo.DmaBuf != 0) dmaBuf = bo.DmaBuf;
            else
            {
                dmaBuf = t.NewDmaBufId();
                var mode = (flags & ExportFlags.ReadWrite) != 0 ? AccessMode.ReadWrite : AccessMode.ReadOnly;
                t.Put(new DmaBuf(dmaBuf, boId, bo.Device, mode, Revoked: false));
                t.Put(bo with { DmaBuf = dmaBuf });
            }
            if (!file.PrimeCache.ContainsKey(dmaBuf)) t.AddCacheEntry(file.Id, dmaBuf, handle);
        }
        var fd = t.NewFd(dmaBuf, (flags & ExportFlags.CloExec) != 0);
        return t.Commit(new FdResult(fd, dmaBuf, handle));
    }

    /// <summary>
    /// PRIME FD_TO_HANDLE. A cache hit returns the file's handle with no side effect (R4); a dma-buf of
    /// this device returns the original object (R5); otherwise the importer attaches (R6, R8), maps
    /// at import where the profile or pin-timing says (R9), and checks contiguity (R15). Flags the
    /// kernel does not support are ignored (R7); NO_MOVE (R16), SAME_DEVICE (R17) and DYNAMIC (R18)
    /// apply when their knob says they exist.
    /// </summary>
    public static KernelResult<HandleResult> Import(this KernelState s, int fileId, int fdId, uint flags)
    {
        var t = new Txn(s);
        var e = t.LiveFile(fileId, out var file);
        if (e != Errno.None) return t.Fail<HandleResult>(e);
        if (!s.Fds.TryGetValue(fdId, out var fd)) return t.Fail<HandleResult>(Errno.EBADF);
        var dmaBuf = s.DmaBufs[fd.DmaBuf];
        if (file.PrimeCache.TryGetValue(dmaBuf.Id, out var cached))
            return t.Commit(new HandleResult(cached, file.Handles[cached], IsNew: false));

        var noMove = (flags & ImportFlags.NoMove) != 0 && s.Knobs.NoMove != NoMoveSupport.Unsupported;
        var sameDevice = (flags & ImportFlags.SameDevice) != 0 && s.Knobs.SameDevice == SameDeviceSupport.Supported;
        var dynamicFlag = (flags & ImportFlags.Dynamic) != 0 && s.Knobs.MoveNotify;
        if (dmaBuf.Revoked) return t.Fail<HandleResult>(Errno.ENODEV);
        var pages = t.Bo(dmaBuf.ExporterBo);

        if (pages.Device == file.Device)
        {
            var handle = t.AddHandle(file.Id, pages.Id);
            t.AddCacheEntry(file.Id, dmaBuf.Id, handle);
            if (pages.DmaBuf == 0) t.Put(pages with { DmaBuf = dmaBuf.Id });
            return t.Commit(new HandleResult(handle, pages.Id, IsNew: true));
        }
        if (sameDevice) return t.Fail<HandleResult>(Errno.EINVAL);

        var importer = s.Spec(file.Device);
        var exporter = s.Spec(pages.Device);
        var dynamic = importer.Profile.Importer == ImporterKind.Dynamic || dynamicFlag;
        var peer2peer = importer.Profile.AllowP2P && dynamic && s.Topology.ArePeers(pages.Device, file.Device);
        var attachmentId = s.LastAttachment + 1; // taken below, once the exporter agreed
        var attachment = Attachment.Unmapped(attachmentId, dmaBuf.Id, exporterBo: pages.Id, importerDevice: file.Device,
            importerFile: file.Id, dynamic, peer2peer);

        if (noMove && !NoMoveAllows(t, attachment, pages, exporter)) return t.Fail<HandleResult>(Errno.EINVAL);

        var attachPinned = false;
        switch (exporter.Profile.AttachEffect)
        {
            case ExporterAttach.MigrateToGttAndPin:
                if (!pages.Allowed.Has(Placement.Gtt)) return t.Fail<HandleResult>(Errno.EOPNOTSUPP);
                e = t.Pin(pages.Id, Placements.Gtt, PinHolder.Attach, MoveCause.Import);
                if (e != Errno.None) return t.Fail<HandleResult>(e == Errno.EINVAL ? Errno.EOPNOTSUPP : e);
                attachPinned = true;
                break;
            case ExporterAttach.RefuseWithoutGttUnlessP2P:
                // xe_dma_buf_attach checks attach->peer2peer only; the BAR decides reachability at map (R10).
                if (!attachment.Peer2Peer && !pages.Allowed.Has(Placement.Gtt))
                    return t.Fail<HandleResult>(Errno.EOPNOTSUPP);
                break;
            case ExporterAttach.PinInGtt:
                e = t.Pin(pages.Id, Placements.Gtt, PinHolder.Attach, MoveCause.Import);
                if (e != Errno.None) return t.Fail<HandleResult>(e);
                attachPinned = true;
                break;
            case ExporterAttach.PinWhereTheyAre:
                e = t.Pin(pages.Id, pages.Current.Bit(), PinHolder.Attach, MoveCause.Import);
                if (e != Errno.None) return t.Fail<HandleResult>(e);
                attachPinned = true;
                break;
            case ExporterAttach.RefuseVram:
                if (pages.Preferred == Placement.Vram) return t.Fail<HandleResult>(Errno.EOPNOTSUPP);
                break;
        }

        var id = t.NewObjectId();
        if (t.NewAttachmentId() != attachmentId) throw new InvalidOperationException("attachment id taken twice");
        t.Put(attachment with { AttachPinned = attachPinned, ImporterBo = id });
        t.Put(GemObject.Importer(id, file.Device, file.Generation, pages.Size, attachmentId, dmaBuf.Id) with { Owner = file.Owner });
        var newHandle = t.AddHandle(file.Id, id);
        t.AddCacheEntry(file.Id, dmaBuf.Id, newHandle);

        var mapsNow = !dynamic && (importer.Profile.MapsAtImport
                                   || s.Knobs.PinTiming == PinTiming.Attach && exporter.Profile.DynamicExporter);
        if (mapsNow)
        {
            e = t.MapAttachment(attachmentId, cacheUntilDetach: true);
            if (e != Errno.None) return t.Fail<HandleResult>(e);
        }

        if (importer.Profile.NeedsContiguous && !importer.HasIommu)
        {
            var now = t.Bo(pages.Id);
            if (!now.ContiguousIn(now.Current)) return t.Fail<HandleResult>(Errno.EINVAL);
        }
        return t.Commit(new HandleResult(newHandle, id, IsNew: true));
    }

    /// <summary>
    /// R16. `placement`: the import may proceed iff the importer reaches the pages where they are now.
    /// `rfc-hook`: the exporter's attach_needs_move hook answers (absent: fail).
    /// </summary>
    private static bool NoMoveAllows(Txn t, Attachment attachment, GemObject pages, DeviceSpec exporter) =>
        t.State.Knobs.NoMove switch
        {
            NoMoveSupport.Placement => t.Reaches(attachment, pages.Current, pages),
            _ => exporter.Profile.NoMoveHook switch
            {
                NoMoveHook.NeverMoves => true,
                NoMoveHook.SystemMemoryOnly => pages.Current is Placement.Gtt or Placement.System,
                _ => false,
            },
        };

    /// <summary>FD_TO_HANDLE of something that is no dma-buf: EINVAL for an open fd, EBADF for a closed one.</summary>
    public static KernelResult<Unit> ImportBadFd(this KernelState s, int fileId, BadFdKind kind)
    {
        var t = new Txn(s);
        var e = t.LiveFile(fileId, out _);
        if (e != Errno.None) return t.Fail<Unit>(e);
        return t.Fail<Unit>(kind == BadFdKind.Closed ? Errno.EBADF : Errno.EINVAL);
    }
}
