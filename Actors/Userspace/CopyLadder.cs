using Emulation.Messages.Scenarios;

namespace Emulation.Actors.Userspace;

/// <summary>
/// The secondary-output copy ladder of one output: zero-copy, blit on the target GPU, GPU copy into
/// a linear buffer, CPU copy. A failed rung is sticky (mutter never retries zero-copy) unless the
/// compositor says otherwise; a forced rung is the only one tried.
/// </summary>
public sealed class CopyLadder(CompositorSpec compositor)
{
    private CopyRung _first = CopyRung.ZeroCopy;

    /// <summary>The rungs to try this frame, in order.</summary>
    public IEnumerable<CopyRung> Rungs()
    {
        if (compositor.ForcedRung is { } forced)
        {
            yield return forced;
            yield break;
        }
        for (var r = _first; r <= CopyRung.CpuCopy; r++) yield return r;
    }

    public void Failed(CopyRung rung)
    {
        if (compositor.StickyFallback && compositor.ForcedRung is null && rung >= _first && rung < CopyRung.CpuCopy)
            _first = rung + 1;
    }
}
