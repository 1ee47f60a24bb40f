using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

public static partial class KernelOperations
{
    /// <summary>
    /// R20: the device goes. Its outputs go dark; its exports are revoked (importers lose their
    /// mappings and pins, keep their handles); its objects lose their contents (placement none);
    /// its own importer mappings are torn down; another process's pressure allocations on it go.
    /// Every later ioctl on its files fails ENODEV. ENODEV if it is already gone.
    /// </summary>
    public static KernelResult<Unit> Unplug(this KernelState s, int device)
    {
        var t = new Txn(s);
        if (device < 0 || device >= s.Devices.Length) return t.Fail<Unit>(Errno.ENOENT);
        if (!s.Devices[device].Present) return t.Fail<Unit>(Errno.ENODEV);

        foreach (var so in s.Scanouts.Values.ToList())
            if (s.Topology.DeviceOfOutput(so.Output) == device || t.Bo(so.PagesBo).Device == device)
                t.ReleaseScanout(so.Output);

        foreach (var d in t.State.DmaBufs.Values.Where(d => d.ExporterDevice == device && !d.Revoked).ToList())
        {
            t.Put(d with { Revoked = true });
            foreach (var a in t.State.Attachments.Values.Where(a => a.DmaBuf == d.Id).ToList())
            {
                if (a.Mapped && a.MapPinned) t.Unpin(a.ExporterBo, PinHolder.Mapping);
                if (a.AttachPinned) t.Unpin(a.ExporterBo, PinHolder.Attach);
                t.Put(t.State.Attachments[a.Id] with { Mapped = false, MapPinned = false, AttachPinned = false, CachedMapping = false });
            }
        }

        foreach (var a in t.State.Attachments.Values.Where(a => a.ImporterDevice == device && a.Mapped).ToList())
        {
            if (a.MapPinned) t.Unpin(a.ExporterBo, PinHolder.Mapping);
            t.Put(a with { Mapped = false, MapPinned = false, CachedMapping = false });
        }

        foreach (var bo in t.State.Objects.Values.Where(b => b.Device == device && !b.IsImport).ToList())
        {
            if (bo.Origin == BoOrigin.PinnedPressure && bo.PinCount > 0) t.Unpin(bo.Id, PinHolder.Pressure);
            t.Release(bo);
            if (bo.Origin is BoOrigin.Pressure or BoOrigin.PinnedPressure) t.RemoveBo(bo.Id);
            else t.Put(bo with { Current = Placement.None });
        }

        t.SetDevice(device, s.Devices[device] with { Present = false });
        return t.Commit(default(Unit));
    }

    /// <summary>A fresh device with the same id: new opens work, files of the old one stay ENODEV.</summary>
    public static KernelResult<Unit> Replug(this KernelState s, int device)
    {
        var t = new Txn(s);
        if (device < 0 || device >= s.Devices.Length) return t.Fail<Unit>(Errno.ENOENT);
        if (s.Devices[device].Present) return t.Fail<Unit>(Errno.EINVAL);
        var old = s.Devices[device];
        t.SetDevice(device, new DeviceState(Present: true, old.Generation + 1));
        return t.Commit(default(Unit));
    }
}
