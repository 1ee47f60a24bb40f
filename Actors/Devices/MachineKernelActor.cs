using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Emulation.Actors.Kernel;
using Emulation.Actors.Uapi;
using Emulation.Messages.Devices;
using Emulation.Messages.Kernel;

namespace Emulation.Actors.Devices;

/// <summary>
/// Owns one emulated machine's whole <see cref="KernelState"/> (through a <see cref="MachineKernel"/>) and
/// applies each request to it atomically, as the kernel's locks do: a failed operation leaves the state
/// as it was, so nothing needs rolling back across actors. After each operation it sends the effects to
/// the device and pool faces it was handed (<see cref="AttachFaces"/>), then replies to the sender with
/// the errno, the value and the ordered effects. The invariant checker runs after every Nth state change.
/// </summary>
public sealed class MachineKernelActor : ReceiveActor
{
    /// <param name="topology">The machine's devices, outputs, links and memory.</param>
    /// <param name="knobs">Kernel knobs at boot (the knobs' defaults when null).</param>
    /// <param name="invariantCheckEvery">Run the invariant checker after every Nth state change (1: after each).</param>
    public static Props Props(Topology topology, Knobs? knobs = null, int invariantCheckEvery = 1) =>
        Akka.Actor.Props.Create(() => new MachineKernelActor(topology, knobs ?? Knobs.Default, invariantCheckEvery));

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly MachineKernel _kernel;
    private readonly string[] _poolNames;
    private readonly IActorRef?[] _deviceFaces;
    private readonly IActorRef?[] _poolFaces;

    public MachineKernelActor(Topology topology, Knobs knobs, int invariantCheckEvery)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(invariantCheckEvery, 1);
        _kernel = new MachineKernel(KernelState.Boot(topology, knobs), invariantCheckEvery);
        _poolNames = Enumerable.Range(0, Pools.Count(topology)).Select(i => Pools.Name(topology, i)).ToArray();
        _deviceFaces = new IActorRef?[topology.Devices.Length];
        _poolFaces = new IActorRef?[_poolNames.Length];

        Receive<KernelCall>(Apply);
        Receive<EndFrame>(m => Guarded(m.RequestId, nameof(EndFrame), () =>
        {
            var frame = _kernel.EndFrame(m.ElapsedMicros);
            Notify(EffectFanOut.EndOfFrame(m.RequestId, _kernel.State, _poolNames));
            Sender.Tell(new FrameEnded(m.RequestId, frame.PinnedInSystem, [.. frame.MoveNanos]));
        }));
        Receive<GetTally>(m => Guarded(m.RequestId, nameof(GetTally), () => Sender.Tell(Tally(m.RequestId, _kernel))));
        Receive<AttachFaces>(m => Guarded(m.RequestId, nameof(AttachFaces), () => OnAttachFaces(m)));
        Receive<GetKernelStats>(m => Guarded(m.RequestId, nameof(GetKernelStats), () => Sender.Tell(Stats(m.RequestId))));
    }

    /// <summary>Any exception inside the kernel actor is a kernel panic, which stops it: a restart would silently reboot the machine.</summary>
    private static void Guarded(long requestId, string operation, Action handle)
    {
        try
        {
            handle();
        }
        catch (Exception ex) when (ex is not KernelPanicException)
        {
            throw new KernelPanicException(requestId, operation, ex);
        }
    }

    /// <summary>Applies one operation: the faces get the effects, then the sender gets the answer.</summary>
    private void Apply(KernelCall call)
    {
        var violations = _kernel.Violations;
        IoctlOutcome outcome;
        KernelState before;
        try
        {
            outcome = _kernel.Apply(call.Ioctl, out before);
        }
        catch (Exception ex)
        {
            // Not swallowed: rethrown with the request that hit the bug, for the kernel host to stop us.
            throw new KernelPanicException(call.RequestId, call.Ioctl.GetType().Name, ex);
        }
        if (_kernel.Violations > violations)
            _log.Error("Request {RequestId} left the kernel state with invariant violations, first: {Violation}",
                call.RequestId, _kernel.LastViolation);
        Notify(EffectFanOut.Route(call.RequestId, before, _kernel.State, outcome.Effects, _poolNames));
        Notify(EffectFanOut.PlugChanges(call.RequestId, _kernel.State, call.Ioctl, outcome));
        Sender.Tell(new KernelAnswer(call.RequestId, outcome));
    }

    /// <summary>What a machine's kernel counted, as the answer to <see cref="GetTally"/> (the direct runner answers the same).</summary>
    public static KernelTally Tally(long requestId, MachineKernel kernel)
    {
        var t = kernel.Tally;
        return new KernelTally(requestId, [.. t.ImportMigrations.ToArray()], [.. t.EvictionMigrations.ToArray()],
            [.. t.ValidateMigrations.ToArray()], [.. t.BytesMoved.ToArray()], [.. t.MoveNanos.ToArray()], [.. t.Evictions.ToArray()],
            [.. t.PingPongCycles.ToArray()], [.. t.PinnedInSystem.ToArray()], [.. t.MisplacedFrames.ToArray()], t.MoveNotifies,
            kernel.Violations, [.. kernel.RecentViolations]);
    }

    private void Notify(ImmutableArray<FaceNotification> notifications)
    {
        foreach (var n in notifications)
        {
            var face = n.Kind == FaceKind.Device ? _deviceFaces[n.Index] : _poolFaces[n.Index];
            face?.Tell(n.Message, Self);
        }
    }

    private void OnAttachFaces(AttachFaces m)
    {
        var devices = m.Devices.IsDefault ? [] : m.Devices;
        var pools = m.Pools.IsDefault ? [] : m.Pools;
        var deviceIndexes = devices.Select(d => _kernel.State.Topology.IndexOf(d.Device)).ToArray();
        var poolIndexes = pools.Select(p => Array.IndexOf(_poolNames, p.Pool)).ToArray();
        if (deviceIndexes.Any(i => i < 0) || poolIndexes.Any(i => i < 0))
        {
            _log.Warning("Request {RequestId}: faces for unknown devices or pools, none attached", m.RequestId);
            Sender.Tell(new FacesAttached(m.RequestId, Errno.EINVAL));
            return;
        }
        for (var i = 0; i < devices.Length; i++) _deviceFaces[deviceIndexes[i]] = devices[i].Face;
        for (var i = 0; i < pools.Length; i++) _poolFaces[poolIndexes[i]] = pools[i].Face;
        Sender.Tell(new FacesAttached(m.RequestId, Errno.None));
    }

    private KernelStats Stats(long requestId)
    {
        var s = _kernel.State;
        var pools = Enumerable.Range(0, _poolNames.Length)
            .Select(i => (Index: i, Pool: Pools.Describe(i)))
            .Select(p => new PoolUsage(_poolNames[p.Index], s.PoolUsed[p.Index],
                s.Topology.Capacity(p.Pool.Placement, Math.Max(p.Pool.Device, 0))))
            .Where(u => u.Capacity > 0)
            .ToImmutableArray();
        return new KernelStats(requestId, _kernel.Operations, _kernel.Failures, _kernel.Checks, _kernel.Violations,
            [.. _kernel.RecentViolations], s.Files.Count, s.Objects.Count, s.DmaBufs.Count, s.Fds.Count, s.Attachments.Count,
            pools, s.Knobs);
    }
}
