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

    /// <summary>R1: the smallest free integer >= 1.</summary>
    public int NextHandle() => SmallestFree(Handles);

    public int NextFramebuffer() => SmallestFree(Framebuffers);

    /// <summary>The cached dma-buf of a handle, or 0.</summary>
    public int CachedDmaBufOf(int handle)
    {
        foreach (var (dmaBuf, h) in PrimeCache)
            if (h == handle) return dmaBuf;
        return 0;
    }

    private static int SmallestFree(ImmutableSortedDictionary<int, int> table)
    {
        var candidate = 1;
        foreach (var key in table.Keys)
        {
            if (key != candidate) break;
            candidate++;
        }
        return candidate;
    }
}
