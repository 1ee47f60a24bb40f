namespace Emulation.Actors.Kernel;

/// <summary>
/// What one operation (or several, merged) put into or removed from a <see cref="KernelState"/>: the keys of every
/// object, file, handle, prime-cache entry, framebuffer, dma-buf, fd, attachment, scan-out and device it touched,
/// and whether it changed a pool's accounting. Recorded by the operation's <c>Txn</c> as it writes, so it covers
/// the whole difference between the state before and after (a property test holds it to that); the counters
/// (`Last*`, the LRU stamp), the clock, the move budgets and the knobs are not recorded: no invariant reads them.
/// The incremental invariant checker (<see cref="IncrementalInvariantChecker"/>) re-verifies only what these keys
/// reach. A key is recorded when its entry was added, changed or removed (or written with the same value).
/// </summary>
public sealed class KernelChanges
{
    /// <summary>Nothing an invariant reads changed (a failed operation, a knob, the clock).</summary>
    public static readonly KernelChanges None = new() { _frozen = true };

    private bool _frozen;
    private HashSet<int>? _objects, _files, _dmaBufs, _fds, _attachments, _devices;
    private HashSet<string>? _scanouts;
    private HashSet<(int File, int Handle)>? _handles;
    private HashSet<(int File, int DmaBuf)>? _primeCache;
    private HashSet<(int File, int Framebuffer)>? _framebuffers;

    private static readonly IReadOnlySet<int> NoInts = new HashSet<int>();
    private static readonly IReadOnlySet<string> NoStrings = new HashSet<string>();
    private static readonly IReadOnlySet<(int, int)> NoPairs = new HashSet<(int, int)>();

    public IReadOnlySet<int> Objects => _objects ?? NoInts;

    /// <summary>Files opened or closed (their tables' entries are recorded on their own).</summary>
    public IReadOnlySet<int> Files => _files ?? NoInts;

    public IReadOnlySet<int> DmaBufs => _dmaBufs ?? NoInts;
    public IReadOnlySet<int> Fds => _fds ?? NoInts;
    public IReadOnlySet<int> Attachments => _attachments ?? NoInts;

    /// <summary>Devices whose hot-plug state changed.</summary>
    public IReadOnlySet<int> Devices => _devices ?? NoInts;

    /// <summary>Outputs whose shown buffer changed.</summary>
    public IReadOnlySet<string> Scanouts => _scanouts ?? NoStrings;

    /// <summary>(file, handle) entries of handle tables.</summary>
    public IReadOnlySet<(int File, int Handle)> Handles => _handles ?? NoPairs;

    /// <summary>(file, dma-buf) entries of prime caches.</summary>
    public IReadOnlySet<(int File, int DmaBuf)> PrimeCache => _primeCache ?? NoPairs;

    /// <summary>(file, framebuffer) entries of framebuffer tables.</summary>
    public IReadOnlySet<(int File, int Framebuffer)> Framebuffers => _framebuffers ?? NoPairs;

    /// <summary>A pool's accounting (<see cref="KernelState.PoolUsed"/>) changed.</summary>
    public bool Pools { get; private set; }

    public bool IsEmpty =>
        !Pools && _objects is null && _files is null && _dmaBufs is null && _fds is null && _attachments is null && _devices is null
        && _scanouts is null && _handles is null && _primeCache is null && _framebuffers is null;

    public KernelChanges Object(int id) => Add(ref _objects, id);
    public KernelChanges File(int id) => Add(ref _files, id);
    public KernelChanges DmaBuf(int id) => Add(ref _dmaBufs, id);
    public KernelChanges Fd(int id) => Add(ref _fds, id);
    public KernelChanges Attachment(int id) => Add(ref _attachments, id);
    public KernelChanges Device(int id) => Add(ref _devices, id);
    public KernelChanges Scanout(string output) => Add(ref _scanouts, output);
    public KernelChanges Handle(int file, int handle) => Add(ref _handles, (file, handle));
    public KernelChanges CacheEntry(int file, int dmaBuf) => Add(ref _primeCache, (file, dmaBuf));
    public KernelChanges Framebuffer(int file, int framebuffer) => Add(ref _framebuffers, (file, framebuffer));

    public KernelChanges Pool()
    {
        ThrowIfFrozen();
        Pools = true;
        return this;
    }

    /// <summary>Adds every key of <paramref name="other"/> (several operations checked at once).</summary>
    public KernelChanges UnionWith(KernelChanges other)
    {
        if (other.IsEmpty) return this;
        ThrowIfFrozen();
        Union(ref _objects, other._objects);
        Union(ref _files, other._files);
        Union(ref _dmaBufs, other._dmaBufs);
        Union(ref _fds, other._fds);
        Union(ref _attachments, other._attachments);
        Union(ref _devices, other._devices);
        Union(ref _scanouts, other._scanouts);
        Union(ref _handles, other._handles);
        Union(ref _primeCache, other._primeCache);
        Union(ref _framebuffers, other._framebuffers);
        Pools |= other.Pools;
        return this;
    }

    /// <summary>Whether every key of <paramref name="other"/> is here too.</summary>
    public bool Covers(KernelChanges other) =>
        (!other.Pools || Pools)
        && other.Objects.IsSubsetOf(Objects) && other.Files.IsSubsetOf(Files) && other.DmaBufs.IsSubsetOf(DmaBufs)
        && other.Fds.IsSubsetOf(Fds) && other.Attachments.IsSubsetOf(Attachments) && other.Devices.IsSubsetOf(Devices)
        && other.Scanouts.IsSubsetOf(Scanouts) && other.Handles.IsSubsetOf(Handles) && other.PrimeCache.IsSubsetOf(PrimeCache)
        && other.Framebuffers.IsSubsetOf(Framebuffers);

    public override string ToString()
    {
        var parts = new List<string>();
        void Part<T>(string name, IReadOnlySet<T> keys)
        {
            if (keys.Count > 0) parts.Add($"{name} {string.Join(",", keys)}");
        }
        Part("objects", Objects);
        Part("files", Files);
        Part("handles", Handles);
        Part("cache", PrimeCache);
        Part("framebuffers", Framebuffers);
        Part("dma-bufs", DmaBufs);
        Part("fds", Fds);
        Part("attachments", Attachments);
        Part("scanouts", Scanouts);
        Part("devices", Devices);
        if (Pools) parts.Add("pools");
        return parts.Count == 0 ? "nothing" : string.Join("; ", parts);
    }

    private KernelChanges Add<T>(ref HashSet<T>? set, T key)
    {
        ThrowIfFrozen();
        (set ??= []).Add(key);
        return this;
    }

    private static void Union<T>(ref HashSet<T>? into, HashSet<T>? from)
    {
        if (from is null) return;
        if (into is null) into = [.. from];
        else into.UnionWith(from);
    }

    private void ThrowIfFrozen()
    {
        if (_frozen) throw new InvalidOperationException("KernelChanges.None is shared and cannot change");
    }
}
