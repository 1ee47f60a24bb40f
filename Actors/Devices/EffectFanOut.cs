using System.Collections.Immutable;
using Emulation.Actors.Kernel;
using Emulation.Actors.Uapi;
using Emulation.Messages.Devices;
using Emulation.Messages.Pools;

namespace Emulation.Actors.Devices;

/// <summary>
/// Turns the effects of one kernel operation into notifications for the faces, in the effects' order:
/// a move (migration or eviction) gives a <see cref="PlacementChanged"/> to the source pool (out) and one
/// to the destination pool (in); a pin or unpin gives a <see cref="PinChanged"/> to the owning device; a
/// move-notify gives a <see cref="MoveNotify"/> to the importer's device. Pure: the actor only delivers.
/// </summary>
public static class EffectFanOut
{
    /// <param name="before">The state the operation started from (for objects it freed).</param>
    /// <param name="after">The state it produced.</param>
    /// <param name="poolNames">The kernel's pool names by pool index ("gtt", "vram:dgpu").</param>
    public static ImmutableArray<FaceNotification> Route(long requestId, KernelState before, KernelState after,
        ImmutableArray<KernelEffect> effects, IReadOnlyList<string> poolNames)
    {
        if (effects.IsDefaultOrEmpty) return [];
        var topology = after.Topology;
        var output = ImmutableArray.CreateBuilder<FaceNotification>(effects.Length * 2);
        foreach (var effect in effects)
        {
            var owner = DeviceOf(effect.Bo, before, after);
            if (owner < 0) continue;
            var ownerId = topology.Devices[owner].Id;
            switch (effect)
            {
                case Migrated m:
                    Move(output, requestId, topology, poolNames, m.Bo, owner, ownerId, m.From, m.To, m.Bytes, Cause(m.Cause));
                    break;
                case Evicted e:
                    Move(output, requestId, topology, poolNames, e.Bo, owner, ownerId, e.From, e.To, e.Bytes, PlacementCause.Eviction);
                    break;
                case Pinned p:
                    output.Add(new(FaceKind.Device, owner, new PinChanged(requestId, ownerId, p.Bo, p.At, p.Holder, Pinned: true)));
                    break;
                case Unpinned u:
                    output.Add(new(FaceKind.Device, owner, new PinChanged(requestId, ownerId, u.Bo, u.At, u.Holder, Pinned: false)));
                    break;
                case MoveNotified n:
                    var exporter = DeviceOf(n.ExporterBo, before, after);
                    var exporterId = exporter < 0 ? "" : topology.Devices[exporter].Id;
                    output.Add(new(FaceKind.Device, owner, new MoveNotify(requestId, ownerId, n.Bo, n.Attachment, exporterId, n.ExporterBo)));
                    break;
            }
        }
        return output.DrainToImmutable();
    }

    /// <summary>After a successful unplug or replug, the device's face hears its new state (<see cref="DevicePlugChanged"/>).</summary>
    public static ImmutableArray<FaceNotification> PlugChanges(long requestId, KernelState after, IIoctl ioctl, IoctlOutcome outcome)
    {
        var device = (outcome.Ok, ioctl) switch
        {
            (true, Unplug u) => u.Device,
            (true, Replug r) => r.Device,
            _ => null,
        };
        if (device is null) return [];
        var index = after.Topology.IndexOf(device);
        var state = after.Devices[index];
        return [new(FaceKind.Device, index, new DevicePlugChanged(requestId, device, state.Present, state.Generation))];
    }

    /// <summary>At the end of a frame, every pool with a capacity hears its usage (<see cref="PoolSample"/>).</summary>
    public static ImmutableArray<FaceNotification> EndOfFrame(long requestId, KernelState state, IReadOnlyList<string> poolNames)
    {
        return [.. Pools.WithCapacity(state.Topology).Select(i => new FaceNotification(FaceKind.Pool, i,
            new PoolSample(requestId, poolNames[i], state.PoolUsed[i], Pools.Capacity(state.Topology, i))))];
    }

    private static void Move(ImmutableArray<FaceNotification>.Builder output, long requestId, Topology topology,
        IReadOnlyList<string> poolNames, int bo, int owner, string ownerId, Placement from, Placement to, long bytes, PlacementCause cause)
    {
        if (from != Placement.None)
        {
            var pool = Pools.Index(topology, from, owner);
            output.Add(new(FaceKind.Pool, pool, new PlacementChanged(requestId, poolNames[pool], PoolFlow.Out, bo, ownerId, from, to, bytes, cause)));
        }
        if (to != Placement.None)
        {
            var pool = Pools.Index(topology, to, owner);
            output.Add(new(FaceKind.Pool, pool, new PlacementChanged(requestId, poolNames[pool], PoolFlow.In, bo, ownerId, from, to, bytes, cause)));
        }
    }

    private static PlacementCause Cause(MoveCause cause) => cause switch
    {
        MoveCause.Import => PlacementCause.Import,
        MoveCause.Validate => PlacementCause.Validate,
        _ => PlacementCause.Scanout,
    };

    /// <summary>The device that owns an object, looked up after the operation, else before it (freed by it); -1 if neither knows it.</summary>
    private static int DeviceOf(int bo, KernelState before, KernelState after) =>
        after.Objects.TryGetValue(bo, out var o) || before.Objects.TryGetValue(bo, out o) ? o.Device : -1;
}
