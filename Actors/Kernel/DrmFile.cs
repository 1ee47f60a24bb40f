using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>
/// A process's open DRM device (primary or render node): integer handles and the dma-buf to handle
/// cache. A file opened before an unplug keeps its generation and fails ENODEV after a replug.
/// </summary>
/// <param name="Handles">handle -> object id.</param>
/// <param name="PrimeCache">dma-buf id -> handle (one handle per object per file, R4).</param>
/// <param name="Framebuffers">framebuffer id -> object id (ADDFB keeps the object alive).</param>
public sealed record DrmFile(
    int Id,
    int Device,
    int Generation,
    bool RenderNode,
    ImmutableSortedDictionary<int, int> Handles,
    ImmutableSortedDictionary<int, int> PrimeCache,
    ImmutableSortedDictionary<int, int> Framebuffers)
{
    public static DrmFile Open(int id, int device, int generation, bool renderNode) =>
        new(id, device, generation, renderNode, ImmutableSortedDictionary<int, int>.Empty,
            ImmutableSortedDictionary<int, int>.Empty, ImmutableSortedDictionary<int, int>.Empty);

    /// <summary>The role of the process that opened the file; the buffers created through it are its (the metrics' owner split).</summary>
    public BufferOwner Owner { get; init; }

    /// <summary>The prime cache the other way round: handle -> dma-buf (what <see cref="CachedDmaBufOf"/> answers).</summary>
    internal ImmutableSortedDictionary<int, int> CacheByHandle { get; init; } = ImmutableSortedDictionary<int, int>.Empty;

    /// <summary>
    /// The integers from 1 up to the largest handle that are no handle: with them, <see cref="NextHandle"/> is the
    /// smallest hole, or the count plus one when there is none (the handles are then exactly 1..count).
    /// </summary>
    internal ImmutableSortedSet<int> HandleHoles { get; init; } = ImmutableSortedSet<int>.Empty;

    /// <summary>R1: the smallest free integer >= 1.</summary>
    public int NextHandle()
    {
        var candidate = HandleHoles.IsEmpty ? Handles.Count + 1 : HandleHoles.Min;
        // The holes are kept by WithHandle/WithoutHandle; a table written some other way is scanned.
        return candidate >= 1 && !Handles.ContainsKey(candidate) ? candidate : SmallestFree(Handles);
    }

    /// <summary>Framebuffers are only ever added (a file's go with it), so they are 1..count; anything else is scanned.</summary>
    public int NextFramebuffer() =>
        !Framebuffers.ContainsKey(Framebuffers.Count + 1) ? Framebuffers.Count + 1 : SmallestFree(Framebuffers);

    /// <summary>The cached dma-buf of a handle, or 0.</summary>
    public int CachedDmaBufOf(int handle) => CacheByHandle.GetValueOrDefault(handle);

    /// <summary>The file with one more handle (the one <see cref="NextHandle"/> gave, or any other).</summary>
    internal DrmFile WithHandle(int handle, int bo)
    {
        var holes = HandleHoles;
        if (holes.Contains(handle)) holes = holes.Remove(handle);
        else
            for (var k = Handles.Count + holes.Count + 1; k < handle; k++) holes = holes.Add(k);
        return this with { Handles = Handles.Add(handle, bo), HandleHoles = holes };
    }

    internal DrmFile WithoutHandle(int handle)
    {
        var largest = Handles.Count + HandleHoles.Count;
        var holes = HandleHoles;
        if (handle < largest) holes = holes.Add(handle);
        else
            for (var k = handle - 1; holes.Contains(k); k--) holes = holes.Remove(k);
        return this with { Handles = Handles.Remove(handle), HandleHoles = holes };
    }

    internal DrmFile WithCacheEntry(int dmaBuf, int handle) =>
        this with { PrimeCache = PrimeCache.SetItem(dmaBuf, handle), CacheByHandle = CacheByHandle.SetItem(handle, dmaBuf) };

    internal DrmFile WithoutCacheEntry(int dmaBuf)
    {
        var handle = PrimeCache[dmaBuf];
        var byHandle = CacheByHandle.TryGetValue(handle, out var d) && d == dmaBuf ? CacheByHandle.Remove(handle) : CacheByHandle;
        return this with { PrimeCache = PrimeCache.Remove(dmaBuf), CacheByHandle = byHandle };
    }

    internal DrmFile WithFramebuffer(int framebuffer, int bo) => this with { Framebuffers = Framebuffers.Add(framebuffer, bo) };

    private static int SmallestFree(ImmutableSortedDictionary<int, int> table)
    {
        var candidate = 1;
        foreach (var key in table.Keys)
        {
            if (key < candidate) continue;
            if (key != candidate) break;
            candidate++;
        }
        return candidate;
    }
}
