using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>
/// Counts a machine's kernel effects, in the order they happened, into the figures of the metrics (docs/scenarios.md)
/// that the kernel alone knows: moves by cause, evictions, move-notifies, ping-pong round trips,
/// bytes moved, and pins held in system memory by buffers that want VRAM. One per machine, owned by
/// whoever sees that machine's whole effect stream.
/// </summary>
public sealed class EffectTally
{
    private readonly HashSet<int> _leftVram = [];

    public long ImportMigrations { get; private set; }
    public long EvictionMigrations { get; private set; }
    public long ValidateMigrations { get; private set; }
    public long BytesMoved { get; private set; }
    public long Evictions { get; private set; }
    public long MoveNotifies { get; private set; }
    public long PingPongCycles { get; private set; }
    public long PinnedInSystem { get; private set; }

    public void Add(IEnumerable<KernelEffect> effects)
    {
        foreach (var e in effects) Add(e);
    }

    public void Add(KernelEffect effect)
    {
        switch (effect)
        {
            case Migrated m:
                if (m.Cause == MoveCause.Import) ImportMigrations++;
                else ValidateMigrations++;
                Moved(m.Bo, m.From, m.To, m.Bytes);
                break;
            case Evicted ev:
                EvictionMigrations++;
                Evictions++;
                Moved(ev.Bo, ev.From, ev.To, ev.Bytes);
                break;
            case MoveNotified:
                MoveNotifies++;
                break;
        }
    }

    private void Moved(int bo, Placement from, Placement to, long bytes)
    {
        BytesMoved += bytes;
        if (from == Placement.Vram && to != Placement.Vram) _leftVram.Add(bo);
        else if (to == Placement.Vram && _leftVram.Remove(bo)) PingPongCycles++;
    }

    /// <summary>Adds one frame's count of buffers pinned in gtt or system whose preferred placement is vram.</summary>
    public void EndFrame(KernelState state) => PinnedInSystem += CountPinnedInSystem(state);

    public static int CountPinnedInSystem(KernelState state)
    {
        var n = 0;
        foreach (var bo in state.Objects.Values)
            if (bo.PinCount > 0 && bo.Preferred == Placement.Vram && bo.Current is Placement.Gtt or Placement.System)
                n++;
        return n;
    }
}
