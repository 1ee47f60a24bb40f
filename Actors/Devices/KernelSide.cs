using System.Collections.Immutable;
using Emulation.Actors.Kernel;
using Emulation.Actors.Uapi;

namespace Emulation.Actors.Devices;

/// <summary>
/// A machine's kernel side without actors: its kernel and the ledgers of its device and pool faces, fed
/// exactly as the machine-kernel actor feeds the face actors (each operation's effects, plug changes, the
/// pools' usage at the end of a frame). The direct runner uses it, so a direct run and an actor run report
/// the same figures.
/// </summary>
public sealed class KernelSide
{
    private readonly string[] _poolNames;
    private readonly DeviceLedger[] _devices;
    private readonly PoolLedger?[] _pools;

    public KernelSide(MachineKernel kernel)
    {
        Kernel = kernel;
        var topology = kernel.State.Topology;
        _poolNames = [.. Enumerable.Range(0, Pools.Count(topology)).Select(i => Pools.Name(topology, i))];
        _devices = [.. topology.Devices.Select(d => new DeviceLedger(d.Id))];
        _pools = new PoolLedger?[_poolNames.Length];
        foreach (var i in Pools.WithCapacity(topology)) _pools[i] = new PoolLedger(_poolNames[i]);
    }

    public MachineKernel Kernel { get; }

    public DeviceLedger Device(string device) => _devices[Kernel.State.Topology.IndexOf(device)];

    public PoolLedger Pool(string pool) => _pools[Array.IndexOf(_poolNames, pool)]!;

    /// <summary>Applies one operation; its effects reach the ledgers before its outcome is returned.</summary>
    public IoctlOutcome Apply(IIoctl ioctl) => Apply(0, ioctl);

    public IoctlOutcome Apply(long requestId, IIoctl ioctl)
    {
        var outcome = Kernel.Apply(ioctl, out var before);
        Deliver(EffectFanOut.Route(requestId, before, Kernel.State, outcome.Effects, _poolNames));
        Deliver(EffectFanOut.PlugChanges(requestId, Kernel.State, ioctl, outcome));
        return outcome;
    }

    /// <summary>The frame is over: what the kernel counted in it, and the pools' usage to their ledgers.</summary>
    public FrameTally EndFrame(long requestId, long elapsedMicros)
    {
        var frame = Kernel.EndFrame(elapsedMicros);
        Deliver(EffectFanOut.EndOfFrame(requestId, Kernel.State, _poolNames));
        return frame;
    }

    private void Deliver(ImmutableArray<FaceNotification> notifications)
    {
        foreach (var n in notifications)
        {
            if (n.Kind == FaceKind.Device) _devices[n.Index].Take(n.Message);
            else if (n.Message is Messages.Pools.PlacementChanged moved) _pools[n.Index]?.Take(moved);
            else if (n.Message is Messages.Pools.PoolSample sample) _pools[n.Index]?.Take(sample);
        }
    }
}
