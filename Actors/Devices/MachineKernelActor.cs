using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Emulation.Kernel;
using Emulation.Messages;

namespace Emulation.Actors.Devices;

/// <summary>
/// Owns one emulated machine's whole <see cref="KernelState"/> and applies each request to it atomically,
/// as the kernel's locks do: a failed operation leaves the state as it was, so nothing needs rolling
/// back across actors. After each operation it replies to the sender with the errno, the value and the
/// ordered effects; before that, it sends the effects to the device and pool faces it was handed
/// (<see cref="AttachFaces"/>), and runs the invariant checker (every N state changes; N = 1 by default).
/// </summary>
public sealed partial class MachineKernelActor : ReceiveActor
{
    /// <summary>How many violation texts <see cref="KernelStats.RecentViolations"/> keeps.</summary>
    public const int RecentViolationsKept = 8;

    /// <param name="topology">The machine's devices, outputs, links and memory.</param>
    /// <param name="knobs">Kernel knobs at boot (spec 2.2 defaults when null).</param>
    /// <param name="invariantCheckEvery">Run the invariant checker after every Nth state change (1: after each).</param>
    public static Props Props(Topology topology, Knobs? knobs = null, int invariantCheckEvery = 1) =>
        Akka.Actor.Props.Create(() => new MachineKernelActor(topology, knobs ?? Knobs.Default, invariantCheckEvery));

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly int _checkEvery;
    private readonly string[] _poolNames;
    private readonly IActorRef?[] _deviceFaces;
    private readonly IActorRef?[] _poolFaces;
    private readonly Queue<string> _recentViolations = new();
    private KernelState _state;
    private long _operations;
    private long _failures;
    private long _checks;
    private long _violations;
    private int _changesSinceCheck;

    public MachineKernelActor(Topology topology, Knobs knobs, int invariantCheckEvery)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(invariantCheckEvery, 1);
        _checkEvery = invariantCheckEvery;
        _state = KernelState.Boot(topology, knobs);
        _poolNames = Enumerable.Range(0, Pools.Count(topology)).Select(i => Pools.Name(topology, i)).ToArray();
        _deviceFaces = new IActorRef?[topology.Devices.Count];
        _poolFaces = new IActorRef?[_poolNames.Length];

        ReceiveOperations();
        Receive<AttachFaces>(OnAttachFaces);
        Receive<GetKernelStats>(m => Sender.Tell(Stats(m.RequestId)));
    }

    /// <summary>
    /// Applies one operation: the state moves on only through the operation's result, the faces get the
    /// effects, then the sender gets the reply.
    /// </summary>
    private void Apply<T>(IKernelRequest request, Func<KernelState, KernelResult<T>> operation,
        Func<KernelResult<T>, IKernelReply> reply, Action<KernelResult<T>>? onSuccess = null)
    {
        var before = _state;
        var result = operation(before);
        _operations++;
        if (!result.Ok) _failures++;
        _state = result.State;
        if (!ReferenceEquals(before, _state)) AfterChange(request.RequestId);
        Notify(EffectFanOut.Route(request.RequestId, before, _state, result.Effects, _poolNames));
        if (result.Ok) onSuccess?.Invoke(result);
        Sender.Tell(reply(result));
    }

    /// <summary>
    /// Any exception while handling a message is a bug, never an errno: it is rethrown as a
    /// <see cref="KernelPanicException"/> (not swallowed) so the kernel host stops this actor instead of
    /// restarting it, which would silently reboot the machine with an empty state.
    /// </summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        try
        {
            return base.AroundReceive(receive, message);
        }
        catch (Exception ex) when (ex is not KernelPanicException)
        {
            throw new KernelPanicException((message as IKernelRequest)?.RequestId ?? 0, message.GetType().Name, ex);
        }
    }

    private void Notify(ImmutableArray<FaceNotification> notifications)
    {
        foreach (var n in notifications)
        {
            var face = n.Kind == FaceKind.Device ? _deviceFaces[n.Index] : _poolFaces[n.Index];
            face?.Tell(n.Message, Self);
        }
    }

    private void AfterChange(long requestId)
    {
        if (++_changesSinceCheck < _checkEvery) return;
        _changesSinceCheck = 0;
        _checks++;
        var found = InvariantChecker.Check(_state);
        if (found.Count == 0) return;
        _violations += found.Count;
        foreach (var v in found)
        {
            _recentViolations.Enqueue(v.ToString());
            if (_recentViolations.Count > RecentViolationsKept) _recentViolations.Dequeue();
        }
        _log.Error("Request {RequestId} left the kernel state with {Count} invariant violation(s), first: {Violation}",
            requestId, found.Count, found[0]);
    }

    private void OnAttachFaces(AttachFaces m)
    {
        var devices = m.Devices.IsDefault ? [] : m.Devices;
        var pools = m.Pools.IsDefault ? [] : m.Pools;
        var deviceIndexes = devices.Select(d => _state.Topology.IndexOf(d.Device)).ToArray();
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
        var s = _state;
        var pools = Enumerable.Range(0, _poolNames.Length)
            .Select(i => (Index: i, Pool: Pools.Describe(i)))
            .Select(p => new PoolUsage(_poolNames[p.Index], s.PoolUsed[p.Index],
                s.Topology.Capacity(p.Pool.Placement, Math.Max(p.Pool.Device, 0))))
            .Where(u => u.Capacity > 0)
            .ToImmutableArray();
        return new KernelStats(requestId, _operations, _failures, _checks, _violations, [.. _recentViolations],
            s.Files.Count, s.Objects.Count, s.DmaBufs.Count, s.Fds.Count, s.Attachments.Count, pools, s.Knobs);
    }

    /// <summary>A device's index by its topology id; -1 (which every kernel operation answers with ENOENT) when unknown.</summary>
    private int DeviceIndex(string device) => _state.Topology.IndexOf(device);
}
