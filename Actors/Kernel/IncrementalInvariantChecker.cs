using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>
/// The invariants of <see cref="InvariantChecker"/>, checked at the cost of what an operation changed instead of the
/// size of the state. It follows one machine's states: each <see cref="Check"/> gets the next state and the keys the
/// operation wrote (<see cref="KernelChanges"/>), brings its mirrors up to date from the entities' values before and
/// after (pin holders and referrers per object, bytes per pool, and who points at what: handles, framebuffers and
/// dma-bufs per object, attachments per dma-buf, importer object and file, fds and caching files per dma-buf, cache
/// entries per handle), re-verifies every check that reads a written entity, directly or through the references
/// it follows, and answers the violations of the whole state: the same list, in the same order, as
/// <see cref="InvariantChecker.Check"/> of that state (a property test holds it to that after every random
/// operation, from valid and from corrupted states). Costs O(keys written x their references x log n) per
/// operation, plus the pools and outputs (a handful) and the violations reported.
/// A small state (fewer than <see cref="DefaultMirrorFrom"/> entities: the laptops of most runs) is checked whole
/// instead, which costs a bounded few microseconds and spares each machine the mirrors' memory; the mirrors are
/// built (one pass) when the state grows past that size, and dropped when it shrinks below half of it.
/// </summary>
public sealed class IncrementalInvariantChecker
{
    private KernelState _state;

    // ---- mirrors: what the full checker computes in one pass over the state ----------------------
    private Dictionary<int, int> _holders = null!;
    private Dictionary<int, int> _referrers = null!;
    private long[] _used = [];

    // ---- who points at what (reverse references), to find the checks a change reaches ----------
    private Dictionary<int, HashSet<(int File, int Handle)>> _handlesByBo = null!;
    private Dictionary<int, HashSet<(int File, int Framebuffer)>> _framebuffersByBo = null!;
    private Dictionary<int, HashSet<int>> _dmaBufsByExporter = null!;
    private Dictionary<int, HashSet<int>> _attachmentsByImporterBo = null!;
    private Dictionary<int, HashSet<int>> _attachmentsByFile = null!;
    private Dictionary<int, HashSet<int>> _attachmentsByDmaBuf = null!;
    private Dictionary<int, HashSet<int>> _fdsByDmaBuf = null!;
    private Dictionary<int, HashSet<int>> _cachingFilesByDmaBuf = null!;
    private Dictionary<(int File, int Handle), SortedSet<int>> _cacheEntriesByHandle = null!;
    private Dictionary<int, HashSet<int>> _importersByAttachment = null!;

    // ---- the violations of the state, by the check that found them --------------------------------
    private Dictionary<Unit, List<Key>> _byUnit = null!;
    private SortedDictionary<Key, InvariantViolation> _found = null!;
    private IReadOnlyList<InvariantViolation>? _answer;
    private HashSet<Unit> _dirty = null!;

    /// <summary>The size (entities) from which a state is checked through mirrors rather than whole.</summary>
    public const int DefaultMirrorFrom = 256;

    private readonly int _mirrorFrom;
    private bool _mirrored;

    /// <summary>Starts following a machine at <paramref name="state"/>.</summary>
    /// <param name="mirrorFrom">The size from which it keeps mirrors (0: always, as the tests that check them do).</param>
    public IncrementalInvariantChecker(KernelState state, int mirrorFrom = DefaultMirrorFrom)
    {
        _mirrorFrom = mirrorFrom;
        _state = state;
        Reset(state);
    }

    /// <summary>The state the checker describes (the last one checked).</summary>
    public KernelState State => _state;

    /// <summary>Whether it keeps mirrors now (the state is large), or checks each state whole.</summary>
    public bool Mirrored => _mirrored;

    /// <summary>The violations of the state last checked.</summary>
    public IReadOnlyList<InvariantViolation> Violations => _answer ??= _found.Count == 0 ? [] : [.. _found.Values];

    /// <summary>
    /// Checks <paramref name="after"/>, the state last checked changed by <paramref name="changes"/> (null: not known,
    /// so the whole state is checked again). Answers every violation of <paramref name="after"/>.
    /// </summary>
    public IReadOnlyList<InvariantViolation> Check(KernelState after, KernelChanges? changes)
    {
        if (!_mirrored || changes is null || (_mirrorFrom > 0 && IsSmall(after, _mirrorFrom / 2)))
        {
            Reset(after);
            return Violations;
        }
        var before = _state;
        _state = after;
        if (changes.IsEmpty && ReferenceEquals(before.Topology, after.Topology) && before.PoolUsed == after.PoolUsed) return Violations;
        Apply(before, after, changes);
        return Violations;
    }

    /// <summary>Whether a state has fewer than <paramref name="limit"/> entities (objects, files, handles, dma-bufs, fds, attachments, outputs).</summary>
    private static bool IsSmall(KernelState s, int limit)
    {
        var size = s.Objects.Count + s.Files.Count + s.DmaBufs.Count + s.Fds.Count + s.Attachments.Count + s.Scanouts.Count;
        if (size >= limit) return false;
        foreach (var f in s.Files.Values)
            if ((size += f.Handles.Count + f.PrimeCache.Count + f.Framebuffers.Count) >= limit) return false;
        return true;
    }

    /// <summary>Forgets everything and checks <paramref name="state"/> as a whole (building the mirrors if it is large).</summary>
    public void Reset(KernelState state)
    {
        var wasMirrored = _mirrored;
        _mirrored = !IsSmall(state, _mirrorFrom);
        if (!_mirrored)
        {
            if (wasMirrored) DropMirrors();
            _state = state;
            _answer = InvariantChecker.Check(state);
            return;
        }
        _state = state;
        AllocateMirrors();
        _used = new long[state.PoolUsed.Length];
        _answer = null;

        var empty = state with
        {
            Objects = state.Objects.Clear(),
            Files = state.Files.Clear(),
            DmaBufs = state.DmaBufs.Clear(),
            Fds = state.Fds.Clear(),
            Attachments = state.Attachments.Clear(),
            Scanouts = state.Scanouts.Clear(),
        };
        var all = new KernelChanges().Pool();
        foreach (var id in state.Objects.Keys) all.Object(id);
        foreach (var id in state.Files.Keys) all.File(id);
        foreach (var id in state.DmaBufs.Keys) all.DmaBuf(id);
        foreach (var id in state.Fds.Keys) all.Fd(id);
        foreach (var id in state.Attachments.Keys) all.Attachment(id);
        foreach (var output in state.Scanouts.Keys) all.Scanout(output);
        Apply(empty, state, all);
    }

    /// <summary>Allocates the mirrors (the state became large).</summary>
    private void AllocateMirrors()
    {
        _holders = [];
        _referrers = [];
        _handlesByBo = [];
        _framebuffersByBo = [];
        _dmaBufsByExporter = [];
        _attachmentsByImporterBo = [];
        _attachmentsByFile = [];
        _attachmentsByDmaBuf = [];
        _fdsByDmaBuf = [];
        _cachingFilesByDmaBuf = [];
        _cacheEntriesByHandle = [];
        _importersByAttachment = [];
        _byUnit = [];
        _found = [];
        _dirty = [];
    }

    /// <summary>Frees the mirrors' memory (the state became small).</summary>
    private void DropMirrors()
    {
        _holders = null!;
        _referrers = null!;
        _handlesByBo = null!;
        _framebuffersByBo = null!;
        _dmaBufsByExporter = null!;
        _attachmentsByImporterBo = null!;
        _attachmentsByFile = null!;
        _attachmentsByDmaBuf = null!;
        _fdsByDmaBuf = null!;
        _cachingFilesByDmaBuf = null!;
        _cacheEntriesByHandle = null!;
        _importersByAttachment = null!;
        _byUnit = null!;
        _found = null!;
        _dirty = null!;
        _used = [];
    }

    // ---- one change --------------------------------------------------------------------------------

    private void Apply(KernelState before, KernelState after, KernelChanges changes)
    {
        if (_used.Length != after.PoolUsed.Length) Array.Resize(ref _used, after.PoolUsed.Length);

        // Entries of files opened or closed count as written.
        IReadOnlySet<(int File, int Handle)> handles = changes.Handles;
        IReadOnlySet<(int File, int DmaBuf)> cache = changes.PrimeCache;
        IReadOnlySet<(int File, int Framebuffer)> framebuffers = changes.Framebuffers;
        if (changes.Files.Count > 0)
        {
            var (h2, c2, f2) = (new HashSet<(int, int)>(handles), new HashSet<(int, int)>(cache), new HashSet<(int, int)>(framebuffers));
            foreach (var f in changes.Files)
                foreach (var file in new[] { before.Files.GetValueOrDefault(f), after.Files.GetValueOrDefault(f) })
                {
                    if (file is null) continue;
                    foreach (var h in file.Handles.Keys) h2.Add((f, h));
                    foreach (var d in file.PrimeCache.Keys) c2.Add((f, d));
                    foreach (var fb in file.Framebuffers.Keys) f2.Add((f, fb));
                }
            (handles, cache, framebuffers) = (h2, c2, f2);
        }

        // 1. Mirrors and reverse references, from each written entity's value before and after.
        foreach (var id in changes.Objects) MirrorObject(after, before.Objects.GetValueOrDefault(id), after.Objects.GetValueOrDefault(id));
        foreach (var id in changes.Attachments) MirrorAttachment(before.Attachments.GetValueOrDefault(id), after.Attachments.GetValueOrDefault(id));
        foreach (var id in changes.DmaBufs) MirrorDmaBuf(before.DmaBufs.GetValueOrDefault(id), after.DmaBufs.GetValueOrDefault(id));
        foreach (var id in changes.Fds) MirrorFd(before.Fds.GetValueOrDefault(id), after.Fds.GetValueOrDefault(id));
        foreach (var (f, h) in handles) MirrorHandle(f, h, HandleOf(before, f, h), HandleOf(after, f, h));
        foreach (var (f, d) in cache) MirrorCacheEntry(f, d, CachedOf(before, f, d), CachedOf(after, f, d));
        foreach (var (f, fb) in framebuffers) MirrorFramebuffer(f, fb, FramebufferOf(before, f, fb), FramebufferOf(after, f, fb));
        foreach (var output in changes.Scanouts) MirrorScanout(before.Scanouts.GetValueOrDefault(output), after.Scanouts.GetValueOrDefault(output));

        // 2. Every check that reads a written entity (through the references of the state after).
        var dirty = _dirty;
        dirty.Clear();
        void Object(int bo)
        {
            dirty.Add(new(UnitKind.Object, bo));
            foreach (var (f, h) in Of(_handlesByBo, bo)) Handle(f, h);
            foreach (var (f, fb) in Of(_framebuffersByBo, bo)) dirty.Add(new(UnitKind.Framebuffer, f, fb));
            foreach (var d in Of(_dmaBufsByExporter, bo)) dirty.Add(new(UnitKind.DmaBuf, d));
            foreach (var a in Of(_attachmentsByImporterBo, bo)) dirty.Add(new(UnitKind.Attachment, a));
        }
        void Handle(int f, int h)
        {
            dirty.Add(new(UnitKind.Handle, f, h));
            if (_cacheEntriesByHandle.TryGetValue((f, h), out var entries))
                foreach (var d in entries) dirty.Add(new(UnitKind.CacheEntry, f, d));
        }
        void Attachment(int a)
        {
            dirty.Add(new(UnitKind.Attachment, a));
            foreach (var imp in Of(_importersByAttachment, a))
            {
                dirty.Add(new(UnitKind.Object, imp));
                foreach (var (f, h) in Of(_handlesByBo, imp)) Handle(f, h);
            }
        }

        foreach (var id in changes.Objects) Object(id);
        foreach (var id in changes.Attachments)
        {
            Attachment(id);
            // Pin holders of the exporter's object, before and after.
            if (before.Attachments.GetValueOrDefault(id) is { } was) dirty.Add(new(UnitKind.Object, was.ExporterBo));
            if (after.Attachments.GetValueOrDefault(id) is { } now) dirty.Add(new(UnitKind.Object, now.ExporterBo));
        }
        foreach (var id in changes.DmaBufs)
        {
            dirty.Add(new(UnitKind.DmaBuf, id));
            foreach (var fd in Of(_fdsByDmaBuf, id)) dirty.Add(new(UnitKind.Fd, fd));
            foreach (var a in Of(_attachmentsByDmaBuf, id)) dirty.Add(new(UnitKind.Attachment, a));
            foreach (var f in Of(_cachingFilesByDmaBuf, id)) dirty.Add(new(UnitKind.CacheEntry, f, id));
            if (before.DmaBufs.GetValueOrDefault(id) is { } was) dirty.Add(new(UnitKind.Object, was.ExporterBo));
            if (after.DmaBufs.GetValueOrDefault(id) is { } now) dirty.Add(new(UnitKind.Object, now.ExporterBo));
        }
        foreach (var id in changes.Fds) dirty.Add(new(UnitKind.Fd, id));
        foreach (var f in changes.Files)
            foreach (var a in Of(_attachmentsByFile, f)) dirty.Add(new(UnitKind.Attachment, a));
        foreach (var (f, h) in handles)
        {
            Handle(f, h);
            if (HandleOf(before, f, h) is { } was) dirty.Add(new(UnitKind.Object, was));
            if (HandleOf(after, f, h) is { } now) dirty.Add(new(UnitKind.Object, now));
        }
        foreach (var (f, d) in cache)
        {
            dirty.Add(new(UnitKind.CacheEntry, f, d));
            // A duplicate handle is reported on the later entries: those sharing the handle, before and after.
            foreach (var h in new[] { CachedOf(before, f, d), CachedOf(after, f, d) })
                if (h is { } handle && _cacheEntriesByHandle.TryGetValue((f, handle), out var entries))
                    foreach (var other in entries) dirty.Add(new(UnitKind.CacheEntry, f, other));
        }
        foreach (var (f, fb) in framebuffers)
        {
            dirty.Add(new(UnitKind.Framebuffer, f, fb));
            if (FramebufferOf(before, f, fb) is { } was) dirty.Add(new(UnitKind.Object, was));
            if (FramebufferOf(after, f, fb) is { } now) dirty.Add(new(UnitKind.Object, now));
        }
        foreach (var output in changes.Scanouts)
            foreach (var so in new[] { before.Scanouts.GetValueOrDefault(output), after.Scanouts.GetValueOrDefault(output) })
                if (so is not null)
                {
                    dirty.Add(new(UnitKind.Object, so.ShownBo));
                    dirty.Add(new(UnitKind.Object, so.PagesBo));
                }
        if (changes.Devices.Count > 0)
            foreach (var bo in after.Objects.Values)
                if (changes.Devices.Contains(bo.Device)) dirty.Add(new(UnitKind.Object, bo.Id));

        // 3. Those checks again, and the pools and outputs (a handful) every time.
        foreach (var unit in dirty) Verify(after, unit);
        Verify(after, new Unit(UnitKind.Pools, 0));
        Verify(after, new Unit(UnitKind.Scanouts, 0));
    }

    private static IEnumerable<T> Of<T>(Dictionary<int, HashSet<T>> index, int key) =>
        index.TryGetValue(key, out var set) ? set : [];

    private static int? HandleOf(KernelState s, int f, int h) =>
        s.Files.TryGetValue(f, out var file) && file.Handles.TryGetValue(h, out var bo) ? bo : null;

    private static int? CachedOf(KernelState s, int f, int d) =>
        s.Files.TryGetValue(f, out var file) && file.PrimeCache.TryGetValue(d, out var h) ? h : null;

    private static int? FramebufferOf(KernelState s, int f, int fb) =>
        s.Files.TryGetValue(f, out var file) && file.Framebuffers.TryGetValue(fb, out var bo) ? bo : null;

    // ---- mirrors -----------------------------------------------------------------------------------

    private void MirrorObject(KernelState s, GemObject? was, GemObject? now)
    {
        if (was is { IsImport: false } && was.Current != Placement.None) _used[Pools.Index(s.Topology, was.Current, was.Device)] -= was.Size;
        if (now is { IsImport: false } && now.Current != Placement.None) _used[Pools.Index(s.Topology, now.Current, now.Device)] += now.Size;
        if (was is { IsImport: true }) Unlink(_importersByAttachment, was.Attachment, was.Id);
        if (now is { IsImport: true }) Link(_importersByAttachment, now.Attachment, now.Id);
    }

    private void MirrorAttachment(Attachment? was, Attachment? now)
    {
        if (was is not null)
        {
            Count(_holders, was.ExporterBo, -Holds(was));
            Unlink(_attachmentsByImporterBo, was.ImporterBo, was.Id);
            Unlink(_attachmentsByFile, was.ImporterFile, was.Id);
            Unlink(_attachmentsByDmaBuf, was.DmaBuf, was.Id);
        }
        if (now is not null)
        {
            Count(_holders, now.ExporterBo, Holds(now));
            Link(_attachmentsByImporterBo, now.ImporterBo, now.Id);
            Link(_attachmentsByFile, now.ImporterFile, now.Id);
            Link(_attachmentsByDmaBuf, now.DmaBuf, now.Id);
        }
    }

    /// <summary>The pins an attachment holds on its exporter's object: a pinning mapping, an attach pin.</summary>
    private static int Holds(Attachment a) => (a.Mapped && a.MapPinned ? 1 : 0) + (a.AttachPinned ? 1 : 0);

    private void MirrorDmaBuf(DmaBuf? was, DmaBuf? now)
    {
        if (was is not null)
        {
            Count(_referrers, was.ExporterBo, -1);
            Unlink(_dmaBufsByExporter, was.ExporterBo, was.Id);
        }
        if (now is not null)
        {
            Count(_referrers, now.ExporterBo, +1);
            Link(_dmaBufsByExporter, now.ExporterBo, now.Id);
        }
    }

    private void MirrorFd(DmaBufFd? was, DmaBufFd? now)
    {
        if (was is not null) Unlink(_fdsByDmaBuf, was.DmaBuf, was.Id);
        if (now is not null) Link(_fdsByDmaBuf, now.DmaBuf, now.Id);
    }

    private void MirrorHandle(int f, int h, int? was, int? now)
    {
        if (was is { } w)
        {
            Count(_referrers, w, -1);
            Unlink(_handlesByBo, w, (f, h));
        }
        if (now is { } n)
        {
            Count(_referrers, n, +1);
            Link(_handlesByBo, n, (f, h));
        }
    }

    private void MirrorCacheEntry(int f, int d, int? was, int? now)
    {
        if (was is { } w)
        {
            Unlink(_cachingFilesByDmaBuf, d, f);
            if (_cacheEntriesByHandle.TryGetValue((f, w), out var entries) && entries.Remove(d) && entries.Count == 0)
                _cacheEntriesByHandle.Remove((f, w));
        }
        if (now is { } n)
        {
            Link(_cachingFilesByDmaBuf, d, f);
            if (!_cacheEntriesByHandle.TryGetValue((f, n), out var entries)) _cacheEntriesByHandle[(f, n)] = entries = [];
            entries.Add(d);
        }
    }

    private void MirrorFramebuffer(int f, int fb, int? was, int? now)
    {
        if (was is { } w)
        {
            Count(_referrers, w, -1);
            Unlink(_framebuffersByBo, w, (f, fb));
        }
        if (now is { } n)
        {
            Count(_referrers, n, +1);
            Link(_framebuffersByBo, n, (f, fb));
        }
    }

    private void MirrorScanout(ShownBuffer? was, ShownBuffer? now)
    {
        if (was is not null)
        {
            Count(_holders, was.PagesBo, -1);
            Count(_referrers, was.ShownBo, -1);
            Count(_referrers, was.PagesBo, -1);
        }
        if (now is not null)
        {
            Count(_holders, now.PagesBo, +1);
            Count(_referrers, now.ShownBo, +1);
            Count(_referrers, now.PagesBo, +1);
        }
    }

    private static void Count(Dictionary<int, int> counts, int key, int delta)
    {
        if (delta == 0) return;
        var n = counts.GetValueOrDefault(key) + delta;
        if (n == 0) counts.Remove(key);
        else counts[key] = n;
    }

    private static void Link<T>(Dictionary<int, HashSet<T>> index, int key, T value)
    {
        if (!index.TryGetValue(key, out var set)) index[key] = set = [];
        set.Add(value);
    }

    private static void Unlink<T>(Dictionary<int, HashSet<T>> index, int key, T value)
    {
        if (index.TryGetValue(key, out var set) && set.Remove(value) && set.Count == 0) index.Remove(key);
    }

    // ---- the checks, one unit at a time (the same findings, words and order as InvariantChecker) ----

    private enum UnitKind : byte { Object, Attachment, Handle, CacheEntry, Fd, DmaBuf, Framebuffer, Pools, Scanouts }

    private readonly record struct Unit(UnitKind Kind, int A, int B = 0);

    /// <summary>
    /// Where a finding comes in <see cref="InvariantChecker.Check"/>'s list: its section (pins, pools, handles,
    /// references, placements, revoked), then the entities in the order that section walks them.
    /// </summary>
    private readonly record struct Key(int Section, int A, int B, int C, string S, int K) : IComparable<Key>
    {
        public int CompareTo(Key o)
        {
            var c = Section.CompareTo(o.Section);
            if (c == 0) c = A.CompareTo(o.A);
            if (c == 0) c = B.CompareTo(o.B);
            if (c == 0) c = C.CompareTo(o.C);
            if (c == 0) c = string.CompareOrdinal(S, o.S);
            if (c == 0) c = K.CompareTo(o.K);
            return c;
        }
    }

    private void Verify(KernelState s, Unit unit)
    {
        List<(Key, InvariantViolation)>? found = null;
        void Add(Key key, Invariant invariant, string detail) => (found ??= []).Add((key, new InvariantViolation(invariant, detail)));
        switch (unit.Kind)
        {
            case UnitKind.Object when s.Objects.TryGetValue(unit.A, out var bo):
            {
                var expected = _holders.GetValueOrDefault(bo.Id) + (bo.Origin == BoOrigin.PinnedPressure && bo.Current != Placement.None ? 1 : 0);
                if (bo.PinCount != expected)
                    Add(new(0, 1, bo.Id, 0, "", 0), Invariant.PinCountMatchesHolders, $"O{bo.Id} pin count {bo.PinCount}, holders {expected}");
                if (bo.IsImport && bo.PinCount != 0)
                    Add(new(0, 1, bo.Id, 0, "", 1), Invariant.PinCountMatchesHolders, $"importer object O{bo.Id} is pinned itself");
                if (bo.IsImport && !s.Attachments.ContainsKey(bo.Attachment))
                    Add(new(3, 5, bo.Id, 0, "", 0), Invariant.NothingFreedWhileReferenced, $"importer object O{bo.Id} lost attachment {bo.Attachment}");
                if (bo.Origin is not (BoOrigin.Pressure or BoOrigin.PinnedPressure) && _referrers.GetValueOrDefault(bo.Id) == 0)
                    Add(new(3, 5, bo.Id, 0, "", 1), Invariant.NothingFreedWhileReferenced, $"O{bo.Id} lingers with nothing referring to it");
                if (!bo.IsImport)
                {
                    if (bo.Current == Placement.None)
                    {
                        var device = s.Devices[bo.Device];
                        if (device.Present && device.Generation == bo.Generation)
                            Add(new(4, bo.Id, 0, 0, "", 0), Invariant.PlacementAllowed, $"O{bo.Id} has no placement but its device is present");
                    }
                    else if (!bo.Allowed.Has(bo.Current))
                        Add(new(4, bo.Id, 0, 0, "", 0), Invariant.PlacementAllowed, $"O{bo.Id} is in {bo.Current.Name()}, allowed {bo.Allowed}");
                }
                break;
            }
            case UnitKind.Attachment when s.Attachments.TryGetValue(unit.A, out var a):
            {
                if (a.MapPinned && !a.Mapped)
                    Add(new(0, 0, a.Id, 0, "", 0), Invariant.PinCountMatchesHolders, $"attachment {a.Id} holds a mapping pin without a mapping");
                if (!s.DmaBufs.ContainsKey(a.DmaBuf))
                    Add(new(3, 2, a.Id, 0, "", 0), Invariant.NothingFreedWhileReferenced, $"attachment {a.Id} to freed dma-buf {a.DmaBuf}");
                if (!s.Objects.TryGetValue(a.ImporterBo, out var imp) || imp.Attachment != a.Id)
                    Add(new(3, 2, a.Id, 0, "", 1), Invariant.NothingFreedWhileReferenced, $"attachment {a.Id} without its importer object O{a.ImporterBo}");
                if (!s.Files.ContainsKey(a.ImporterFile) && s.Objects.ContainsKey(a.ImporterBo))
                    Add(new(3, 2, a.Id, 0, "", 2), Invariant.NothingFreedWhileReferenced, $"attachment {a.Id} of closed file {a.ImporterFile}");
                if (s.DmaBufs.TryGetValue(a.DmaBuf, out var d) && d.Revoked && (a.Mapped || a.MapPinned || a.AttachPinned))
                    Add(new(5, d.Id, 0, a.Id, "", 0), Invariant.RevokedUnusable, $"attachment {a.Id} to revoked dma-buf {d.Id} is still mapped or pinned");
                break;
            }
            case UnitKind.Handle when HandleOf(s, unit.A, unit.B) is { } boId:
            {
                var (f, h) = (unit.A, unit.B);
                if (h < 1) Add(new(2, f, 0, h, "", 0), Invariant.HandleTablesConsistent, $"file {f} has handle {h}");
                if (!s.Objects.TryGetValue(boId, out var obj))
                    Add(new(2, f, 0, h, "", 1), Invariant.NothingFreedWhileReferenced, $"file {f} handle {h} names freed O{boId}");
                else if (obj.IsImport && s.Attachments.TryGetValue(obj.Attachment, out var a) && a.ImporterFile != f)
                    Add(new(2, f, 0, h, "", 2), Invariant.HandleTablesConsistent, $"file {f} handle {h} names O{boId}, imported by file {a.ImporterFile}");
                break;
            }
            case UnitKind.CacheEntry when CachedOf(s, unit.A, unit.B) is { } h:
                VerifyCacheEntry(s, unit.A, unit.B, h, Add);
                break;
            case UnitKind.Fd when s.Fds.TryGetValue(unit.A, out var fd):
                if (!s.DmaBufs.ContainsKey(fd.DmaBuf))
                    Add(new(3, 0, fd.Id, 0, "", 0), Invariant.NothingFreedWhileReferenced, $"fd {fd.Id} refers to freed dma-buf {fd.DmaBuf}");
                break;
            case UnitKind.DmaBuf when s.DmaBufs.TryGetValue(unit.A, out var d):
            {
                if (!s.Objects.TryGetValue(d.ExporterBo, out var exporter))
                    Add(new(3, 1, d.Id, 0, "", 0), Invariant.NothingFreedWhileReferenced, $"dma-buf {d.Id} holds freed O{d.ExporterBo}");
                else if (d.Revoked && (exporter.Current != Placement.None || exporter.PinCount != 0))
                    Add(new(5, d.Id, 1, 0, "", 0), Invariant.RevokedUnusable, $"revoked O{exporter.Id} still has pages in {exporter.Current.Name()} or pins");
                break;
            }
            case UnitKind.Framebuffer when FramebufferOf(s, unit.A, unit.B) is { } boId:
                if (!s.Objects.ContainsKey(boId))
                    Add(new(3, 3, unit.A, unit.B, "", 0), Invariant.NothingFreedWhileReferenced, $"file {unit.A} framebuffer {unit.B} shows freed O{boId}");
                break;
            case UnitKind.Pools:
                for (var i = 0; i < _used.Length; i++)
                {
                    var (placement, device) = Pools.Describe(i);
                    var capacity = s.Topology.Capacity(placement, Math.Max(device, 0));
                    if (s.PoolUsed[i] != _used[i])
                        Add(new(1, i, 0, 0, "", 0), Invariant.PoolWithinCapacity,
                            $"pool {Pools.Name(s.Topology, i)} accounts {s.PoolUsed[i]} bytes, objects hold {_used[i]}");
                    if (_used[i] > capacity)
                        Add(new(1, i, 0, 0, "", 1), Invariant.PoolWithinCapacity,
                            $"pool {Pools.Name(s.Topology, i)} holds {_used[i]} bytes over its capacity {capacity}");
                }
                break;
            case UnitKind.Scanouts:
                foreach (var so in s.Scanouts.Values)
                {
                    if (!s.Objects.ContainsKey(so.ShownBo) || !s.Objects.ContainsKey(so.PagesBo))
                        Add(new(3, 4, 0, 0, so.Output, 0), Invariant.NothingFreedWhileReferenced, $"output {so.Output} shows freed O{so.PagesBo}");
                    if (!s.Files.ContainsKey(so.File))
                        Add(new(3, 4, 0, 0, so.Output, 1), Invariant.NothingFreedWhileReferenced, $"output {so.Output} shows a buffer of closed file {so.File}");
                }
                break;
        }
        Record(unit, found);
    }

    private void VerifyCacheEntry(KernelState s, int f, int dmaBuf, int h, Action<Key, Invariant, string> add)
    {
        if (_cacheEntriesByHandle.TryGetValue((f, h), out var entries) && entries.Min < dmaBuf)
            add(new(2, f, 1, dmaBuf, "", 0), Invariant.HandleTablesConsistent, $"file {f} caches handle {h} for two dma-bufs");
        if (!s.DmaBufs.TryGetValue(dmaBuf, out var d))
        {
            add(new(2, f, 1, dmaBuf, "", 1), Invariant.NothingFreedWhileReferenced, $"file {f} caches freed dma-buf {dmaBuf}");
            return;
        }
        if (HandleOf(s, f, h) is not { } bo)
        {
            add(new(2, f, 1, dmaBuf, "", 2), Invariant.HandleTablesConsistent, $"file {f} caches dma-buf {dmaBuf} -> missing handle {h}");
            return;
        }
        var obj = s.Objects.GetValueOrDefault(bo);
        var matches = obj is not null && (obj.Id == d.ExporterBo
            || obj.IsImport && s.Attachments.TryGetValue(obj.Attachment, out var a) && a.DmaBuf == dmaBuf);
        if (!matches)
            add(new(2, f, 1, dmaBuf, "", 3), Invariant.HandleTablesConsistent, $"file {f} caches dma-buf {dmaBuf} -> handle {h}, which names another object");
    }

    /// <summary>Replaces what a check found before by what it found now.</summary>
    private void Record(Unit unit, List<(Key Key, InvariantViolation Violation)>? found)
    {
        if (_byUnit.Count > 0 && _byUnit.Remove(unit, out var old))
        {
            foreach (var key in old) _found.Remove(key);
            _answer = null;
        }
        if (found is null) return;
        var keys = new List<Key>(found.Count);
        foreach (var (key, violation) in found)
        {
            _found[key] = violation;
            keys.Add(key);
        }
        _byUnit[unit] = keys;
        _answer = null;
    }
}
