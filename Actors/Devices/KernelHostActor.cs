using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Emulation.Actors.Kernel;
using Emulation.Actors.Uapi;
using Emulation.Messages.Kernel;

namespace Emulation.Actors.Devices;

/// <summary>
/// The kernel side of one emulated machine: starts its machine-kernel actor ("kernel"), one face per
/// device ("device-dgpu") and one per memory pool with a capacity ("pool-vram-dgpu", "pool-gtt"), hands
/// the kernel its faces, and supervises them all with explicit bounds. Answers <see cref="GetKernelRefs"/>
/// with the refs, so userspace actors can talk to the kernel directly (the hot path); requests sent here
/// are forwarded to the kernel too. When the kernel actor stops (a <see cref="KernelPanicException"/>),
/// the host stops as well, so its parent sees the machine fail instead of a silently rebooted kernel.
/// </summary>
public sealed class KernelHostActor : ReceiveActor
{
    /// <summary>A face that fails more often than this within <see cref="FaceRestartWindow"/> is stopped.</summary>
    public const int MaxFaceRestarts = 3;

    public static readonly TimeSpan FaceRestartWindow = TimeSpan.FromMinutes(1);

    /// <param name="topology">The machine's devices, outputs, links and memory.</param>
    /// <param name="knobs">Kernel knobs at boot (the knobs' defaults when null).</param>
    /// <param name="invariantCheckEvery">Run the invariant checker after every Nth state change (1: after each).</param>
    public static Props Props(Topology topology, Knobs? knobs = null, int invariantCheckEvery = 1) =>
        Akka.Actor.Props.Create(() => new KernelHostActor(topology, knobs ?? Knobs.Default, invariantCheckEvery));

    private readonly ILoggingAdapter _log = Context.GetLogger();

    public KernelHostActor(Topology topology, Knobs knobs, int invariantCheckEvery)
    {
        var kernel = Context.ActorOf(MachineKernelActor.Props(topology, knobs, invariantCheckEvery), ActorNames.Kernel);
        Context.Watch(kernel);
        var devices = topology.Devices
            .Select(d => new DeviceFace(d.Id, Context.ActorOf(DeviceActor.Props(d.Id, kernel), ActorNames.Device(d.Id))))
            .ToImmutableArray();
        var pools = Pools.WithCapacity(topology)
            .Select(i => Pools.Name(topology, i))
            .Select(name => new PoolFace(name, Context.ActorOf(MemoryPoolActor.Props(name, kernel), ActorNames.Pool(name))))
            .ToImmutableArray();
        // Enqueued before anyone can learn the kernel's ref from us, so every request finds the faces attached.
        kernel.Tell(new AttachFaces(0, devices, pools));

        Receive<FacesAttached>(m =>
        {
            if (m.Errno != Errno.None) _log.Error("The kernel refused its faces: {Errno}", m.Errno);
        });
        Receive<GetKernelRefs>(m => Sender.Tell(new KernelRefs(m.RequestId, kernel, devices, pools)));
        Receive<IKernelRequest>(m => kernel.Forward(m));
        Receive<GetKernelStats>(m => kernel.Forward(m));
        Receive<Terminated>(t =>
        {
            if (!t.ActorRef.Equals(kernel)) return;
            _log.Error("The machine-kernel actor of topology {Topology} stopped; stopping the machine's kernel side", topology.Name);
            Context.Stop(Self);
        });
    }

    protected override SupervisorStrategy SupervisorStrategy() => Strategy();

    /// <summary>One-for-one, at most <see cref="MaxFaceRestarts"/> restarts per child within <see cref="FaceRestartWindow"/>, then stop.</summary>
    public static SupervisorStrategy Strategy() => new OneForOneStrategy(MaxFaceRestarts, FaceRestartWindow, Decide);

    /// <summary>
    /// A kernel panic stops the kernel (its state cannot be trusted, and a restart would reboot the machine);
    /// Akka's own stop cases stay stops; any other failure (a face's) restarts the child, within the bounds.
    /// </summary>
    public static Directive Decide(Exception failure) => failure switch
    {
        KernelPanicException => Directive.Stop,
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };
}
