using Emulation.Actors.Uapi;

namespace Emulation.Tests.Kernel.Properties;

/// <summary>Kinds of effect an operation may report.</summary>
[Flags]
public enum Fx
{
    None = 0,
    Migrate = 1,
    Evict = 2,
    Pin = 4,
    Unpin = 8,
    Notify = 16,
    All = Migrate | Evict | Pin | Unpin | Notify,
}

/// <summary>
/// What must hold after every step of a random sequence. The invariant checker first; then checks
/// the checker cannot make from one state alone: a failure changes nothing, the effects tell the
/// truth about placements and pins (in order, nothing pinned moves, R12's notify comes first), every
/// live mapping reaches its pages, no dma-buf lingers, and new handles follow R1.
/// </summary>
public static class ModelChecks
{
    /// <summary>The first broken property, or null.</summary>
    public static string? AfterStep(KernelState before, Outcome outcome, bool readOnly)
    {
        var after = outcome.State;
        if (outcome.Errno != Errno.None)
        {
            if (!ReferenceEquals(before, after)) return $"failed with {outcome.Errno} but returned a different state";
            if (!outcome.Effects.IsDefaultOrEmpty) return $"failed with {outcome.Errno} but reported effects";
            return null;
        }
        if (readOnly)
        {
            if (!ReferenceEquals(before, after)) return "a read-only operation returned a different state";
            if (!outcome.Effects.IsDefaultOrEmpty) return "a read-only operation reported effects";
        }
        var violations = InvariantChecker.Check(after);
        if (violations.Count > 0) return "invariant violated: " + string.Join("; ", violations);
        return EffectsTellTheTruth(before, after, outcome)
               ?? MappingsReachTheirPages(after)
               ?? NoDmaBufLingers(after)
               ?? OneHandlePerObjectPerFile(after)
               ?? NewHandleIsSmallestFree(before, outcome);
    }

    /// <summary>
    /// The keys the operation recorded cover the real difference between the states (counters, clock, budgets and
    /// knobs aside), and the incremental checker, given those keys, finds exactly what the full checker finds in the
    /// new state, in the same order.
    /// </summary>
    public static string? IncrementalCheckAgrees(IncrementalInvariantChecker incremental, KernelState before, Outcome outcome)
    {
        var after = outcome.State;
        if (outcome.Changes is not { } recorded) return "the operation did not say what it wrote";
        var real = Support.StateDiff.Between(before, after);
        if (!recorded.Covers(real)) return $"recorded changes ({recorded}) miss some of the real ones ({real})";
        var found = incremental.Check(after, recorded);
        var expected = InvariantChecker.Check(after);
        return found.SequenceEqual(expected) ? null
            : $"incremental checker found [{string.Join("; ", found)}], the full one [{string.Join("; ", expected)}]";
    }

    /// <summary>
    /// Replays the effects over the placements and pin counts of the state before: each move starts
    /// where the BO was, never touches a pinned BO, and is preceded by a move-notify to every dynamic
    /// attachment when it leaves vram or gtt (R12); an object the operation moves is not evicted by it
    /// first; pins and unpins happen where the BO is; and the replay ends where the new state is.
    /// </summary>
    private static string? EffectsTellTheTruth(KernelState before, KernelState after, Outcome outcome)
    {
        if (outcome.Effects.IsDefaultOrEmpty) return PlacementsUnchangedWithoutEffects(before, after);
        var where = new Dictionary<int, Placement>();
        var pins = new Dictionary<int, int>();
        var notified = new Dictionary<int, HashSet<int>>();
        var evicted = new HashSet<int>();
        foreach (var bo in before.Objects.Values)
        {
            where[bo.Id] = bo.Current;
            pins[bo.Id] = bo.PinCount;
        }
        // A pinned pressure allocation is made and pinned by one operation: it starts where it was placed, unpinned.
        foreach (var bo in after.Objects.Values.Where(b => b.Origin == BoOrigin.PinnedPressure && !before.Objects.ContainsKey(b.Id)))
        {
            where[bo.Id] = bo.Current;
            pins[bo.Id] = 0;
        }
        foreach (var e in outcome.Effects)
        {
            switch (e)
            {
                case Migrated or Evicted:
                {
                    var (from, to, bytes) = e is Migrated m ? (m.From, m.To, m.Bytes) : ((Evicted)e).Let(v => (v.From, v.To, v.Bytes));
                    if (!where.TryGetValue(e.Bo, out var current)) return $"{e} moves an object that did not exist";
                    if (current != from) return $"{e} starts from {from.Name()} but O{e.Bo} was in {current.Name()}";
                    if (from == to) return $"{e} moves nowhere";
                    if (pins[e.Bo] != 0) return $"{e} moves a pinned object (R11)";
                    if (bytes != before.Objects[e.Bo].Size) return $"{e} moves {bytes} bytes of a {before.Objects[e.Bo].Size}-byte object";
                    if (e is Evicted && from.EvictTarget() == Placement.None) return $"{e} evicts from a placement that has no evict target";
                    if (e is Evicted) evicted.Add(e.Bo);
                    else if (evicted.Contains(e.Bo)) return $"{e}: the operation evicted the object it then moves (it is reserved)";
                    if (from is Placement.Vram or Placement.Gtt or Placement.Carveout)
                    {
                        var told = notified.GetValueOrDefault(e.Bo) ?? [];
                        foreach (var a in DynamicAttachmentsOf(before, e.Bo))
                            if (!told.Contains(a.Id)) return $"{e}: dynamic attachment {a.Id} was not move-notified first (R12)";
                    }
                    notified.Remove(e.Bo);
                    where[e.Bo] = to;
                    break;
                }
                case Pinned p:
                    if (!where.TryGetValue(p.Bo, out var at)) return $"{p} pins an object that did not exist";
                    if (at != p.At) return $"{p} but O{p.Bo} is in {at.Name()}";
                    pins[p.Bo]++;
                    break;
                case Unpinned u:
                    if (!where.TryGetValue(u.Bo, out var un)) return $"{u} unpins an object that did not exist";
                    if (un != u.At) return $"{u} but O{u.Bo} is in {un.Name()}";
                    if (pins[u.Bo] == 0) return $"{u} unpins an unpinned object";
                    pins[u.Bo]--;
                    break;
                case MoveNotified n:
                    if (!before.Attachments.TryGetValue(n.Attachment, out var att)) return $"{n} names an attachment that did not exist";
                    if (att.ExporterBo != n.ExporterBo || att.ImporterBo != n.Bo) return $"{n} does not match attachment {att}";
                    if (!att.Dynamic) return $"{n} notifies a static attachment";
                    if (!(notified.TryGetValue(n.ExporterBo, out var set) ? set : notified[n.ExporterBo] = []).Add(n.Attachment))
                        return $"{n} twice before one move";
                    break;
            }
        }
        if (notified.Count > 0) return $"move-notify without a move of O{string.Join(", O", notified.Keys)}";
        foreach (var bo in after.Objects.Values)
        {
            if (!before.Objects.TryGetValue(bo.Id, out var old)) continue;
            if (bo.Current != Placement.None && bo.Current != where[bo.Id])
                return $"O{bo.Id} ended in {bo.Current.Name()}, the effects say {where[bo.Id].Name()}";
            if (bo.PinCount != pins[bo.Id]) return $"O{bo.Id} pin count {old.PinCount} -> {bo.PinCount}, the effects say {pins[bo.Id]}";
        }
        return null;
    }

    private static string? PlacementsUnchangedWithoutEffects(KernelState before, KernelState after)
    {
        if (ReferenceEquals(before.Objects, after.Objects)) return null;
        foreach (var bo in after.Objects.Values)
        {
            if (!before.Objects.TryGetValue(bo.Id, out var old)) continue;
            if (bo.Current != Placement.None && bo.Current != old.Current)
                return $"O{bo.Id} moved {old.Current.Name()} -> {bo.Current.Name()} without an effect";
            if (bo.PinCount != old.PinCount) return $"O{bo.Id} pin count {old.PinCount} -> {bo.PinCount} without an effect";
        }
        return null;
    }

    private static IEnumerable<Attachment> DynamicAttachmentsOf(KernelState s, int bo) =>
        s.Attachments.Values.Where(a => a.Dynamic && a.ExporterBo == bo && s.Objects[bo].DmaBuf == a.DmaBuf);

    /// <summary>
    /// A live mapping reaches the exporter's pages where they are (docs/rules.md, reachability), its dma-buf is
    /// not revoked; a static attachment to a dynamic exporter's buffer is mapped only with a pin, and a map of a
    /// static exporter's buffer holds none (its attach holds the pages, R9).
    /// </summary>
    private static string? MappingsReachTheirPages(KernelState s)
    {
        foreach (var a in s.Attachments.Values.Where(a => a.Mapped))
        {
            if (s.DmaBufs[a.DmaBuf].Revoked) return $"attachment {a.Id} is mapped to a revoked dma-buf";
            var pages = s.Objects[a.ExporterBo];
            var dynamicExporter = s.Spec(pages.Device).Profile.DynamicExporter;
            if (!a.MapPinned && !a.Dynamic && dynamicExporter) return $"static attachment {a.Id} is mapped without a pin (R9)";
            if (a.MapPinned && !dynamicExporter) return $"attachment {a.Id}'s map pinned a static exporter's buffer (R9)";
            var reaches = pages.Current switch
            {
                Placement.Gtt or Placement.System or Placement.Cma => true,
                Placement.Vram => a.Peer2Peer && (s.Spec(pages.Device).ResizableBar || pages.CpuVisible),
                _ => false,
            };
            if (!reaches) return $"attachment {a.Id} (device d{a.ImporterDevice}) is mapped but O{pages.Id} is in {pages.Current.Name()} of d{pages.Device}";
        }
        return null;
    }

    /// <summary>R21: a dma-buf lives only while an fd, a cache entry, an attachment or its exporter's handles refer to it.</summary>
    private static string? NoDmaBufLingers(KernelState s)
    {
        foreach (var d in s.DmaBufs.Values)
        {
            var referenced = s.Fds.Values.Any(fd => fd.DmaBuf == d.Id)
                             || s.Files.Values.Any(f => f.PrimeCache.ContainsKey(d.Id))
                             || s.Attachments.Values.Any(a => a.DmaBuf == d.Id)
                             || s.Files.Values.Any(f => f.Handles.ContainsValue(d.ExporterBo));
            if (!referenced) return $"dma-buf {d.Id} lingers with nothing referring to it";
        }
        return null;
    }

    /// <summary>
    /// PRIME's guarantee (R4, R5): a file never has two handles for one object; an attachment belongs to
    /// a file of its importer device; an output shows a buffer of a file of the device that drives it.
    /// </summary>
    private static string? OneHandlePerObjectPerFile(KernelState s)
    {
        foreach (var f in s.Files.Values)
            if (f.Handles.Values.Distinct().Count() != f.Handles.Count) return $"file {f.Id} has two handles for one object";
        foreach (var a in s.Attachments.Values)
            if (s.Files.TryGetValue(a.ImporterFile, out var f) && f.Device != a.ImporterDevice)
                return $"attachment {a.Id} of device d{a.ImporterDevice} belongs to file {f.Id} of d{f.Device}";
        foreach (var so in s.Scanouts.Values)
            if (s.Files.TryGetValue(so.File, out var f) && s.Topology.DeviceOfOutput(so.Output) != f.Device)
                return $"output {so.Output} shows a buffer of file {f.Id} of another device";
        return null;
    }

    /// <summary>R1: a new handle is the smallest free integer >= 1 of the file before the call.</summary>
    private static string? NewHandleIsSmallestFree(KernelState before, Outcome outcome)
    {
        if (outcome.Value is not HandleResult { IsNew: true } h) return null;
        var file = outcome.State.Files.Values.FirstOrDefault(f => f.Handles.TryGetValue(h.Handle, out var bo) && bo == h.Bo
                                                                  && before.Files.TryGetValue(f.Id, out var old) && !old.Handles.ContainsKey(h.Handle));
        if (file is null) return $"new handle {h.Handle} not found in any file";
        var expected = before.Files[file.Id].NextHandle();
        return h.Handle == expected ? null : $"new handle {h.Handle}, smallest free was {expected} (R1)";
    }

    /// <summary>An operation reported only the kinds of effect it can have (export never moves or pins, closing only unpins...).</summary>
    public static string? OnlyAllowedEffects(Outcome outcome, Fx allowed)
    {
        foreach (var e in outcome.Effects)
        {
            var kind = e switch
            {
                Migrated => Fx.Migrate,
                Evicted => Fx.Evict,
                Pinned => Fx.Pin,
                Unpinned => Fx.Unpin,
                _ => Fx.Notify,
            };
            if ((allowed & kind) == 0) return $"this operation may not report {e}";
        }
        return null;
    }

    /// <summary>R3: an fd of the object's one dma-buf (the original one for an import); at most one new dma-buf.</summary>
    public static string? ExportFollowsR3(KernelState before, Outcome outcome, int file)
    {
        var after = outcome.State;
        var fd = (FdResult)outcome.Value!;
        if (!after.Fds.TryGetValue(fd.Fd, out var f) || f.DmaBuf != fd.DmaBuf) return $"export returned fd {fd.Fd} that is not an fd of dma-buf {fd.DmaBuf}";
        if (before.Fds.ContainsKey(fd.Fd)) return $"export reused the open fd {fd.Fd}";
        if (after.DmaBufs.Count > before.DmaBufs.Count + 1) return "export created more than one dma-buf";
        var bo = after.Objects[after.Files[file].Handles[fd.Handle]];
        var expected = bo.IsImport ? after.Attachments[bo.Attachment].DmaBuf : bo.DmaBuf;
        return expected == fd.DmaBuf ? null : $"export of O{bo.Id} gave dma-buf {fd.DmaBuf}, expected {expected}";
    }

    /// <summary>
    /// R4-R6: an import is a cache hit (same state, no effect), a self-import (the original object, no
    /// attachment, no effect), or a foreign import (one new importer object and one attachment of this file).
    /// </summary>
    public static string? ImportFollowsR4ToR6(KernelState before, Outcome outcome, int file)
    {
        var after = outcome.State;
        var h = (HandleResult)outcome.Value!;
        if (!h.IsNew)
        {
            if (!ReferenceEquals(before, after) || !outcome.Effects.IsDefaultOrEmpty) return "a cache hit changed the state (R4)";
            return before.Files[file].Handles.GetValueOrDefault(h.Handle) == h.Bo ? null : "a cache hit returned another handle";
        }
        var bo = after.Objects[h.Bo];
        if (!bo.IsImport)
        {
            if (bo.Device != after.Files[file].Device) return $"import returned a native object O{bo.Id} of another device";
            if (after.Attachments.Count != before.Attachments.Count) return "a self-import attached (R5)";
            return outcome.Effects.IsDefaultOrEmpty ? null : "a self-import had effects (R5)";
        }
        if (after.Attachments.Count != before.Attachments.Count + 1) return "a foreign import made other than one attachment (R6)";
        var a = after.Attachments[bo.Attachment];
        if (a.ImporterFile != file || a.ImporterBo != bo.Id || before.Objects.ContainsKey(bo.Id)) return $"foreign import gave {a} / O{bo.Id} (R6)";
        var importer = after.Spec(a.ImporterDevice).Profile;
        var p2p = importer.AllowP2P && a.Dynamic && after.Topology.ArePeers(after.Objects[a.ExporterBo].Device, a.ImporterDevice);
        return a.Peer2Peer == p2p ? null : $"attachment {a.Id} peer2peer {a.Peer2Peer}, R8 says {p2p}";
    }

    private static TResult Let<T, TResult>(this T value, Func<T, TResult> f) => f(value);
}
