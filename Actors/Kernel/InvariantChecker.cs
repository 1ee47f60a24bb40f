using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>The invariants of a kernel state; each violation names one.</summary>
public enum Invariant : byte
{
    /// <summary>A pin count differs from its live holders (pinning mappings, pinning attachments, scanouts).</summary>
    PinCountMatchesHolders,
    /// <summary>A pool holds more than its capacity, or its accounting differs from the objects in it.</summary>
    PoolWithinCapacity,
    /// <summary>Handle tables and dma-buf caches are consistent (handles >= 1, one handle per dma-buf, cache points at the right object).</summary>
    HandleTablesConsistent,
    /// <summary>Nothing refers to a freed object, dma-buf, file or attachment; nothing unreferenced lingers.</summary>
    NothingFreedWhileReferenced,
    /// <summary>Every object's placement is in its allowed set (none only when revoked).</summary>
    PlacementAllowed,
    /// <summary>A revoked export has no mapping, no pin and no placement.</summary>
    RevokedUnusable,
}

public sealed record InvariantViolation(Invariant Invariant, string Detail)
{
    public override string ToString() => $"{Invariant}: {Detail}";
}

/// <summary>
/// Checks a kernel state against the model's invariants. Pure; run after every operation in tests and
/// in runs (the `invariant-violations` metric).
/// </summary>
public static class InvariantChecker
{
    public static IReadOnlyList<InvariantViolation> Check(KernelState s)
    {
        var found = new List<InvariantViolation>();
        CheckPins(s, found);
        CheckPools(s, found);
        CheckHandles(s, found);
        CheckReferences(s, found);
        CheckPlacements(s, found);
        CheckRevoked(s, found);
        return found;
    }

    private static void Add(List<InvariantViolation> found, Invariant i, string detail) => found.Add(new(i, detail));

    private static void CheckPins(KernelState s, List<InvariantViolation> found)
    {
        var holders = new Dictionary<int, int>();
        void Hold(int bo) => holders[bo] = holders.GetValueOrDefault(bo) + 1;
        foreach (var a in s.Attachments.Values)
        {
            if (a.Mapped && a.MapPinned) Hold(a.ExporterBo);
            if (a.AttachPinned) Hold(a.ExporterBo);
            if (a.MapPinned && !a.Mapped)
                Add(found, Invariant.PinCountMatchesHolders, $"attachment {a.Id} holds a mapping pin without a mapping");
        }
        foreach (var so in s.Scanouts.Values) Hold(so.PagesBo);
        foreach (var bo in s.Objects.Values)
            if (bo.Origin == BoOrigin.PinnedPressure && bo.Current != Placement.None) Hold(bo.Id);
        foreach (var bo in s.Objects.Values)
        {
            var expected = holders.GetValueOrDefault(bo.Id);
            if (bo.PinCount != expected)
                Add(found, Invariant.PinCountMatchesHolders, $"O{bo.Id} pin count {bo.PinCount}, holders {expected}");
            if (bo.IsImport && bo.PinCount != 0)
                Add(found, Invariant.PinCountMatchesHolders, $"importer object O{bo.Id} is pinned itself");
        }
    }

    private static void CheckPools(KernelState s, List<InvariantViolation> found)
    {
        var used = new long[s.PoolUsed.Length];
        foreach (var bo in s.Objects.Values)
            if (!bo.IsImport && bo.Current != Placement.None)
                used[Pools.Index(s.Topology, bo.Current, bo.Device)] += bo.Size;
        for (var i = 0; i < used.Length; i++)
        {
            var (placement, device) = Pools.Describe(i);
            var capacity = s.Topology.Capacity(placement, Math.Max(device, 0));
            var name = Pools.Name(s.Topology, i);
            if (s.PoolUsed[i] != used[i])
                Add(found, Invariant.PoolWithinCapacity, $"pool {name} accounts {s.PoolUsed[i]} bytes, objects hold {used[i]}");
            if (used[i] > capacity)
                Add(found, Invariant.PoolWithinCapacity, $"pool {name} holds {used[i]} bytes over its capacity {capacity}");
        }
    }

    private static void CheckHandles(KernelState s, List<InvariantViolation> found)
    {
        foreach (var f in s.Files.Values)
        {
            foreach (var (h, bo) in f.Handles)
            {
                if (h < 1) Add(found, Invariant.HandleTablesConsistent, $"file {f.Id} has handle {h}");
                if (!s.Objects.ContainsKey(bo))
                    Add(found, Invariant.NothingFreedWhileReferenced, $"file {f.Id} handle {h} names freed O{bo}");
                else if (s.Objects[bo] is { IsImport: true } imp && s.Attachments.TryGetValue(imp.Attachment, out var a) && a.ImporterFile != f.Id)
                    Add(found, Invariant.HandleTablesConsistent, $"file {f.Id} handle {h} names O{bo}, imported by file {a.ImporterFile}");
            }
            var seenHandles = new HashSet<int>();
            foreach (var (dmaBuf, h) in f.PrimeCache)
            {
                if (!seenHandles.Add(h))
                    Add(found, Invariant.HandleTablesConsistent, $"file {f.Id} caches handle {h} for two dma-bufs");
                if (!s.DmaBufs.TryGetValue(dmaBuf, out var d))
                {
                    Add(found, Invariant.NothingFreedWhileReferenced, $"file {f.Id} caches freed dma-buf {dmaBuf}");
                    continue;
                }
                if (!f.Handles.TryGetValue(h, out var bo))
                {
                    Add(found, Invariant.HandleTablesConsistent, $"file {f.Id} caches dma-buf {dmaBuf} -> missing handle {h}");
                    continue;
                }
                var obj = s.Objects.GetValueOrDefault(bo);
                var matches = obj is not null && (obj.Id == d.ExporterBo
                    || obj.IsImport && s.Attachments.TryGetValue(obj.Attachment, out var a) && a.DmaBuf == dmaBuf);
                if (!matches)
                    Add(found, Invariant.HandleTablesConsistent, $"file {f.Id} caches dma-buf {dmaBuf} -> handle {h}, which names another object");
            }
        }
    }

    private static void CheckReferences(KernelState s, List<InvariantViolation> found)
    {
        foreach (var fd in s.Fds.Values)
            if (!s.DmaBufs.ContainsKey(fd.DmaBuf))
                Add(found, Invariant.NothingFreedWhileReferenced, $"fd {fd.Id} refers to freed dma-buf {fd.DmaBuf}");
        foreach (var d in s.DmaBufs.Values)
            if (!s.Objects.ContainsKey(d.ExporterBo))
                Add(found, Invariant.NothingFreedWhileReferenced, $"dma-buf {d.Id} holds freed O{d.ExporterBo}");
        foreach (var a in s.Attachments.Values)
        {
            if (!s.DmaBufs.ContainsKey(a.DmaBuf))
                Add(found, Invariant.NothingFreedWhileReferenced, $"attachment {a.Id} to freed dma-buf {a.DmaBuf}");
            if (!s.Objects.TryGetValue(a.ImporterBo, out var imp) || imp.Attachment != a.Id)
                Add(found, Invariant.NothingFreedWhileReferenced, $"attachment {a.Id} without its importer object O{a.ImporterBo}");
            if (!s.Files.ContainsKey(a.ImporterFile) && s.Objects.ContainsKey(a.ImporterBo))
                Add(found, Invariant.NothingFreedWhileReferenced, $"attachment {a.Id} of closed file {a.ImporterFile}");
        }
        foreach (var f in s.Files.Values)
            foreach (var (fb, bo) in f.Framebuffers)
                if (!s.Objects.ContainsKey(bo))
                    Add(found, Invariant.NothingFreedWhileReferenced, $"file {f.Id} framebuffer {fb} shows freed O{bo}");
        foreach (var so in s.Scanouts.Values)
        {
            if (!s.Objects.ContainsKey(so.ShownBo) || !s.Objects.ContainsKey(so.PagesBo))
                Add(found, Invariant.NothingFreedWhileReferenced, $"output {so.Output} shows freed O{so.PagesBo}");
            if (!s.Files.ContainsKey(so.File))
                Add(found, Invariant.NothingFreedWhileReferenced, $"output {so.Output} shows a buffer of closed file {so.File}");
        }
        var referenced = Referenced(s);
        foreach (var bo in s.Objects.Values)
        {
            if (bo.IsImport && !s.Attachments.ContainsKey(bo.Attachment))
                Add(found, Invariant.NothingFreedWhileReferenced, $"importer object O{bo.Id} lost attachment {bo.Attachment}");
            if (bo.Origin is not (BoOrigin.Pressure or BoOrigin.PinnedPressure) && !referenced.Contains(bo.Id))
                Add(found, Invariant.NothingFreedWhileReferenced, $"O{bo.Id} lingers with nothing referring to it");
        }
    }

    /// <summary>Objects a handle, a framebuffer, a scanout or a dma-buf refers to (one pass over the state).</summary>
    private static HashSet<int> Referenced(KernelState s)
    {
        var referenced = new HashSet<int>();
        foreach (var f in s.Files.Values)
        {
            referenced.UnionWith(f.Handles.Values);
            referenced.UnionWith(f.Framebuffers.Values);
        }
        foreach (var so in s.Scanouts.Values)
        {
            referenced.Add(so.ShownBo);
            referenced.Add(so.PagesBo);
        }
        foreach (var d in s.DmaBufs.Values) referenced.Add(d.ExporterBo);
        return referenced;
    }

    private static void CheckPlacements(KernelState s, List<InvariantViolation> found)
    {
        foreach (var bo in s.Objects.Values)
        {
            if (bo.IsImport) continue;
            if (bo.Current == Placement.None)
            {
                var device = s.Devices[bo.Device];
                if (device.Present && device.Generation == bo.Generation) Add(found, Invariant.PlacementAllowed, $"O{bo.Id} has no placement but its device is present");
            }
            else if (!bo.Allowed.Has(bo.Current))
                Add(found, Invariant.PlacementAllowed, $"O{bo.Id} is in {bo.Current.Name()}, allowed {bo.Allowed}");
        }
    }

    private static void CheckRevoked(KernelState s, List<InvariantViolation> found)
    {
        foreach (var d in s.DmaBufs.Values.Where(d => d.Revoked))
        {
            foreach (var a in s.Attachments.Values.Where(a => a.DmaBuf == d.Id))
                if (a.Mapped || a.MapPinned || a.AttachPinned)
                    Add(found, Invariant.RevokedUnusable, $"attachment {a.Id} to revoked dma-buf {d.Id} is still mapped or pinned");
            if (s.Objects.TryGetValue(d.ExporterBo, out var bo) && (bo.Current != Placement.None || bo.PinCount != 0))
                Add(found, Invariant.RevokedUnusable, $"revoked O{bo.Id} still has pages in {bo.Current.Name()} or pins");
        }
    }
}
