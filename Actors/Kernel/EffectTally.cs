using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>
/// Counts a machine's kernel effects, in the order they happened, into the figures of the metrics (docs/scenarios.md)
/// that the kernel alone knows: moves by cause, evictions, ping-pong round trips, bytes moved and the device time
/// the moves cost (R22, charged to the buffer's device in the frame they happen), move-notifies, and, at the end of
/// each frame, the buffers pinned in system memory that want VRAM and the buffers outside their preferred
/// placement. Buffer figures are split by owner (<see cref="BufferOwner"/>). One per machine, owned by whoever sees
/// that machine's whole effect stream.
/// </summary>
public sealed class EffectTally(Topology topology)
{
    private readonly HashSet<int> _leftVram = [];
    private readonly long[] _frameMoveNanos = new long[topology.Devices.Length];

    public OwnerCounts ImportMigrations { get; } = new();
    public OwnerCounts EvictionMigrations { get; } = new();
    public OwnerCounts ValidateMigrations { get; } = new();
    public OwnerCounts BytesMoved { get; } = new();
    public OwnerCounts MoveNanos { get; } = new();
    public OwnerCounts Evictions { get; } = new();
    public OwnerCounts PingPongCycles { get; } = new();
    public OwnerCounts PinnedInSystem { get; } = new();
    public OwnerCounts MisplacedFrames { get; } = new();
    public long MoveNotifies { get; private set; }

    /// <summary>Counts one operation's effects; <paramref name="after"/> and <paramref name="before"/> say whose and where each buffer is.</summary>
    public void Add(IEnumerable<KernelEffect> effects, KernelState after, KernelState before)
    {
        foreach (var e in effects) Add(e, after, before);
    }

    public void Add(KernelEffect effect, KernelState after, KernelState before)
    {
        switch (effect)
        {
            case Migrated m:
            {
                var bo = Find(m.Bo, after, before);
                (m.Cause == MoveCause.Import ? ImportMigrations : ValidateMigrations).Add(bo.Owner, 1);
                Moved(bo, m.From, m.To, m.Bytes);
                break;
            }
            case Evicted ev:
            {
                var bo = Find(ev.Bo, after, before);
                EvictionMigrations.Add(bo.Owner, 1);
                Evictions.Add(bo.Owner, 1);
                Moved(bo, ev.From, ev.To, ev.Bytes);
                break;
            }
            case MoveNotified:
                MoveNotifies++;
                break;
        }
    }

    private static GemObject Find(int id, KernelState after, KernelState before) =>
        after.Objects.TryGetValue(id, out var bo) ? bo : before.Objects[id];

    private void Moved(GemObject bo, Placement from, Placement to, long bytes)
    {
        BytesMoved.Add(bo.Owner, bytes);
        var nanos = CostModel.MoveNanos(topology, bo.Device, from, to, bytes);
        MoveNanos.Add(bo.Owner, nanos);
        _frameMoveNanos[bo.Device] += nanos;
        if (from == Placement.Vram && to != Placement.Vram) _leftVram.Add(bo.Id);
        else if (to == Placement.Vram && _leftVram.Remove(bo.Id)) PingPongCycles.Add(bo.Owner, 1);
    }

    /// <summary>
    /// The frame is over: adds its pinned-in-system and misplaced buffers, and answers what it counted for the frame
    /// (the device time of its moves, per device; the buffers pinned in system memory that want VRAM).
    /// </summary>
    public FrameTally EndFrame(KernelState state)
    {
        var pinned = 0;
        foreach (var bo in state.Objects.Values)
        {
            if (bo.IsImport || bo.Current == Placement.None) continue;
            if (bo.PinCount > 0 && bo.Preferred == Placement.Vram && bo.Current is Placement.Gtt or Placement.System)
            {
                PinnedInSystem.Add(bo.Owner, 1);
                if (bo.Owner == BufferOwner.Client) pinned++;
            }
            if (bo.Current != bo.Preferred) MisplacedFrames.Add(bo.Owner, 1);
        }
        var frame = new FrameTally(pinned, [.. _frameMoveNanos]);
        Array.Clear(_frameMoveNanos);
        return frame;
    }
}

/// <summary>What the kernel counted in one frame: the client buffers pinned in system memory that want VRAM, and
/// the device time its moves cost, by device (topology order), in nanoseconds.</summary>
public sealed record FrameTally(int PinnedInSystem, long[] MoveNanos);

/// <summary>One figure split by owner (<see cref="BufferOwner"/>).</summary>
public sealed class OwnerCounts
{
    private readonly long[] _values = new long[BufferOwners.Count];

    public long this[BufferOwner owner] => _values[(int)owner];

    /// <summary>The client's figure (what a bare metric name means).</summary>
    public long Client => _values[(int)BufferOwner.Client];

    public void Add(BufferOwner owner, long value) => _values[(int)owner] += value;

    /// <summary>The figures in owner order.</summary>
    public long[] ToArray() => [.. _values];
}
