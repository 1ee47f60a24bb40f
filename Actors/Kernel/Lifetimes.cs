using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>
/// Reference rules (PRIME "overview and lifetime rules", R21): an object lives while a handle, a
/// framebuffer, a scanout or its dma-buf refers to it; a dma-buf lives while an fd, a file's cache
/// entry, an importer's attachment, or its exporter's handles (obj->dma_buf) refer to it.
/// </summary>
internal sealed partial class Txn
{
    public bool HasHandles(int boId) => State.Index.Handles(boId) > 0;

    private bool IsReferenced(GemObject bo)
    {
        if (bo.Origin is BoOrigin.Pressure or BoOrigin.PinnedPressure || HasHandles(bo.Id)) return true;
        if (State.Index.Framebuffers(bo.Id) > 0) return true;
        foreach (var so in State.Scanouts.Values)
            if (so.ShownBo == bo.Id || so.PagesBo == bo.Id) return true;
        return !bo.IsImport && bo.DmaBuf != 0 && State.DmaBufs.TryGetValue(bo.DmaBuf, out var d) && d.ExporterBo == bo.Id;
    }

    private bool IsReferenced(DmaBuf d) =>
        State.Index.Fds(d.Id) > 0
        || State.Index.Caches(d.Id) > 0
        || State.Index.AttachmentsOf(d.Id) is not null
        || HasHandles(d.ExporterBo);

    /// <summary>Frees an object nothing refers to any more (and, through it, what it held).</summary>
    public void CollectBo(int id)
    {
        if (!State.Objects.TryGetValue(id, out var bo) || IsReferenced(bo)) return;
        if (bo.IsImport)
        {
            var a = State.Attachments[bo.Attachment];
            Detach(a);
            RemoveBo(id);
            CollectDmaBuf(a.DmaBuf);
            CollectBo(a.ExporterBo);
        }
        else
        {
            Release(bo);
            RemoveBo(id);
        }
    }

    /// <summary>Releases a dma-buf nothing refers to; its exporter object then loses that reference.</summary>
    public void CollectDmaBuf(int id)
    {
        if (!State.DmaBufs.TryGetValue(id, out var d) || IsReferenced(d)) return;
        RemoveDmaBuf(id);
        if (State.Objects.TryGetValue(d.ExporterBo, out var exporter) && exporter.DmaBuf == id)
            Put(exporter with { DmaBuf = 0 });
        CollectBo(d.ExporterBo);
    }

    /// <summary>dma_buf_detach: unmap (unpinning a pinned mapping), drop an attach pin, forget the attachment.</summary>
    private void Detach(Attachment a)
    {
        if (a.Mapped && a.MapPinned) Unpin(a.ExporterBo, PinHolder.Mapping);
        if (a.AttachPinned) Unpin(a.ExporterBo, PinHolder.Attach);
        RemoveAttachment(a.Id);
    }

    /// <summary>GEM_CLOSE's core: the handle and its cache entry go, then whatever they kept alive.</summary>
    public void DropHandle(int fileId, int handle)
    {
        var file = State.Files[fileId];
        var bo = file.Handles[handle];
        var cached = file.CachedDmaBufOf(handle);
        RemoveHandle(fileId, handle);
        if (cached != 0) RemoveCacheEntry(fileId, cached);
        if (cached != 0) CollectDmaBuf(cached);
        CollectDmaBufOf(bo);
        CollectBo(bo);
    }

    /// <summary>An exporter that lost its last handle no longer holds its dma-buf (obj->dma_buf).</summary>
    private void CollectDmaBufOf(int boId)
    {
        if (State.Objects.TryGetValue(boId, out var bo) && !bo.IsImport && bo.DmaBuf != 0)
            CollectDmaBuf(bo.DmaBuf);
    }

    /// <summary>Stops showing an output's buffer: unpin, then free what only the scanout kept alive.</summary>
    public void ReleaseScanout(string output)
    {
        var so = State.Scanouts[output];
        RemoveScanout(output);
        Unpin(so.PagesBo, PinHolder.Scanout);
        CollectBo(so.ShownBo);
        CollectBo(so.PagesBo);
    }
}
