using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

public static partial class KernelOperations
{
    /// <summary>
    /// ADDFB2: a framebuffer of a handle (it keeps the object alive). EACCES on a render node,
    /// EOPNOTSUPP on a device without KMS, EINVAL for a foreign import on a device that cannot scan
    /// out GTT (R15).
    /// </summary>
    public static KernelResult<BoInfo> AddFramebuffer(this KernelState s, int fileId, int handle)
    {
        var t = new Txn(s);
        var e = CheckScanoutable(t, fileId, handle, out var file, out var bo);
        if (e != Errno.None) return t.Fail<BoInfo>(e);
        t.AddFramebuffer(file.Id, bo.Id);
        return t.Commit(t.State.Describe(handle, t.Bo(bo.Id)));
    }

    private static Errno CheckScanoutable(Txn t, int fileId, int handle, out DrmFile file, out GemObject bo)
    {
        bo = null!;
        var e = t.LiveFile(fileId, out file);
        if (e != Errno.None) return e;
        if (file.RenderNode) return Errno.EACCES;
        var spec = t.Spec(file.Device);
        if (!spec.Kind.CanDisplay()) return Errno.EOPNOTSUPP;
        if (!file.Handles.TryGetValue(handle, out var id)) return Errno.ENOENT;
        bo = t.Bo(id);
        if (bo.IsImport && !spec.Profile.ScanoutFromGtt) return Errno.EINVAL;
        return Errno.None;
    }

    /// <summary>
    /// Shows a handle on an output of the file's device (an implicit ADDFB where needed): the pages
    /// are pinned while shown (own objects where the display scans out, imports where the exporter
    /// pins, as dma_buf_pin), then the previously shown buffer is released.
    /// </summary>
    public static KernelResult<BoInfo> Scanout(this KernelState s, int fileId, int handle, string output)
    {
        var t = new Txn(s);
        var e = CheckScanoutable(t, fileId, handle, out var file, out var bo);
        if (e != Errno.None) return t.Fail<BoInfo>(e);
        if (s.Topology.DeviceOfOutput(output) != file.Device) return t.Fail<BoInfo>(Errno.EINVAL);
        var pages = s.PagesOf(bo);
        if (s.Scanouts.TryGetValue(output, out var shown) && shown.ShownBo == bo.Id && shown.File == fileId)
        {
            t.Touch(pages.Id);
            return t.Commit(t.State.Describe(handle, t.Bo(bo.Id)));
        }
        if (bo.IsImport)
        {
            var a = s.Attachments[bo.Attachment];
            if (s.DmaBufs[a.DmaBuf].Revoked) return t.Fail<BoInfo>(Errno.ENODEV);
            // dma_buf_pin by the importer: a move it causes is the import's (the import-migrations metric).
            e = t.Pin(pages.Id, t.ExporterPinTarget(pages), PinHolder.Scanout, MoveCause.Import);
            if (e == Errno.None && !t.Reaches(a, t.Bo(pages.Id).Current, t.Bo(pages.Id))) e = Errno.EINVAL;
        }
        else
        {
            var target = s.Spec(file.Device).OwnScanout;
            e = target == Placements.None ? Errno.EINVAL : t.Pin(bo.Id, target, PinHolder.Scanout, MoveCause.Scanout);
        }
        if (e != Errno.None) return t.Fail<BoInfo>(e);
        if (t.State.Scanouts.ContainsKey(output)) t.ReleaseScanout(output);
        t.SetScanout(new ShownBuffer(output, fileId, bo.Id, pages.Id));
        t.Touch(pages.Id);
        return t.Commit(t.State.Describe(handle, t.Bo(bo.Id)));
    }
}
