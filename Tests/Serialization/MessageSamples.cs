using System.Collections.Immutable;
using Akka.Actor;
using Emulation.Actors.Uapi;
using Emulation.Messages;
using Emulation.Messages.Cluster;
using Emulation.Messages.Devices;
using Emulation.Messages.Faces;
using Emulation.Messages.Kernel;
using Emulation.Messages.Machines;
using Emulation.Messages.Pools;
using Emulation.Messages.Userspace;

namespace Emulation.Tests.Serialization;

/// <summary>
/// One sample instance of every message type, with every field set to something other than its
/// default. A message type without a sample here fails <see cref="MessageSerializationTests"/>.
/// </summary>
public static class MessageSamples
{
    private const long Id = 4_000_000_001L;

    /// <summary>One effect of each kind, in an order an operation could produce.</summary>
    public static readonly ImmutableArray<KernelEffect> Effects =
    [
        new MoveNotified(7, 3, 2),
        new Evicted(3, Placement.Vram, Placement.Gtt, 256L << 20),
        new Migrated(1, Placement.Vram, Placement.Gtt, 32L << 20, MoveCause.Import),
        new Pinned(1, Placement.Gtt, PinHolder.Mapping),
        new Unpinned(1, Placement.Gtt, PinHolder.Scanout),
    ];

    private static readonly HandleResult Handle = new(2, 5, IsNew: true);
    private static readonly FdResult Fd = new(9, 4, 2);
    private static readonly BoInfo Info = new(2, 5, 1, 0, Placement.Gtt, 1, 1, 32L << 20);
    private static readonly Knobs SomeKnobs = Knobs.Preset(KernelPreset.V6_15)
        .With("pin-timing", "attach", out _).With("move-notify", "true", out _).With("no-move", "placement", out _)
        .With("same-device", "supported", out _).With("respects-attachments", "false", out _).With("move-throttle", "off", out _);

    /// <summary>Samples by message type; <paramref name="actor"/> fills the IActorRef fields.</summary>
    public static IReadOnlyDictionary<Type, IEmulationMessage> All(IActorRef actor) =>
        // KernelCall and KernelAnswer appear once per operation and result type; the first of each type is its sample.
        Every(actor).GroupBy(s => s.GetType()).ToDictionary(g => g.Key, g => g.First());

    /// <summary>Every sample: one of each message type, and a kernel call of every operation and an answer of every result type.</summary>
    public static IReadOnlyList<IEmulationMessage> Every(IActorRef actor)
    {
        IEmulationMessage[] samples =
        [
            // The kernel surface: every operation, answered with outcomes of each result type
            .. Ioctls().Select(i => new KernelCall(Id, i)),
            new KernelAnswer(Id, new IoctlOutcome<int>(Errno.ENOENT, 3, [])),
            new KernelAnswer(Id, new IoctlOutcome<Unit>(Errno.None, default, Effects)),
            new KernelAnswer(Id, new IoctlOutcome<HandleResult>(Errno.None, Handle, Effects)),
            new KernelAnswer(Id, new IoctlOutcome<FdResult>(Errno.None, Fd, Effects)),
            new KernelAnswer(Id, new IoctlOutcome<long>(Errno.None, 32L << 20, Effects)),
            new KernelAnswer(Id, new IoctlOutcome<uint>(Errno.None, 0xCAFEF00D, Effects)),
            new KernelAnswer(Id, new IoctlOutcome<BoInfo>(Errno.None, Info, Effects)),
            new KernelAnswer(Id, new IoctlOutcome<Knobs>(Errno.None, SomeKnobs, Effects)),
            new KernelAnswer(Id, new IoctlOutcome<KnobSetting>(Errno.EINVAL, new KnobSetting(SomeKnobs, "bad value 'x' for knob 'no-move'"), [])),
            new KernelAnswer(Id, new IoctlOutcome<PoolUsage>(Errno.None, new PoolUsage("vram:dgpu", 1L << 30, 8L << 30), Effects)),
            new MoveNotify(Id, "dgpu1", 7, 2, "dgpu0", 3),
            new PinChanged(Id, "dgpu", 1, Placement.Gtt, PinHolder.Attach, Pinned: true),
            new DevicePlugChanged(Id, "dgpu", Present: true, Generation: 2),
            new GetDeviceStats(Id),
            new DeviceStats(Id, "dgpu", 1, 2, 3, 4, 5, Present: true, Generation: 2, Frames: 120, FrameNanos: 6_000_000, MaxFrameNanos: 90_000),
            new DeviceFrame(Id, 17, 2_500_000),
            new PlacementChanged(Id, "vram:dgpu", PoolFlow.Out, 3, "dgpu", Placement.Vram, Placement.Gtt, 256L << 20, PlacementCause.Eviction),
            new GetPoolStats(Id),
            new PoolStats(Id, "gtt", 1, 2, 3, 4, 5, 6, 7, Used: 8, Capacity: 9, PeakUsed: 10),
            new PoolSample(Id, "vram:dgpu", 1L << 30, 8L << 30),
            new Subscribe(Id, actor),
            new Subscribed(Id, "gtt"),
            new Unsubscribe(Id, actor),
            new Unsubscribed(Id, "gtt"),
            new GetKernelStats(Id),
            new KernelStats(Id, 100, 3, 97, 1, ["PinCountMatchesHolders: O1 pin count 2, holders 1"], 2, 5, 1, 2, 1,
                [new PoolUsage("gtt", 1 << 20, 8L << 30), new PoolUsage("vram:dgpu", 2 << 20, 8L << 30)], SomeKnobs),
            new AttachFaces(Id, [new DeviceFace("dgpu", actor)], [new PoolFace("gtt", actor), new PoolFace("vram:dgpu", actor)]),
            new FacesAttached(Id, Errno.EINVAL),
            new GetKernelRefs(Id),
            new KernelRefs(Id, actor, [new DeviceFace("igpu", actor), new DeviceFace("dgpu", actor)], [new PoolFace("gtt", actor)]),

            // Machines: the machine kernel's accounting, machine entities, the scenario coordinator
            new EndFrame(Id, 16_667),
            new FrameEnded(Id, 2, [1_200_000, 0]),
            new GetTally(Id),
            new KernelTally(Id, [1, 0, 0], [2, 0, 1], [3, 0, 0], [4, 0, 0], [5, 0, 0], [6, 0, 0], [7, 0, 0], [8, 0, 0], [9, 1, 0], 10, 0,
                ["PlacementAllowed: O3 is in gtt, allowed Vram"]),
            new RunMachine(Id, "run1", UserspaceSamples.Scenario, "legacy", 3, 1),
            new MachineDone(Id, "run1", "legacy", 3, UserspaceSamples.Metrics, ["a violation"]),
            new MachineFailed(Id, "run1", "legacy", 3, "actor compositor of the machine stopped"),
            new StartScenario(Id),
            new ScenarioDone(Id, [new PolicyTotals("legacy", UserspaceSamples.Metrics, [UserspaceSamples.Metrics])], [])
            {
                Nodes = [new NodeShare("akka.tcp://emulation@127.0.0.1:4053", 7)],
                Membership = [new MembershipEvent(1200, "akka.tcp://emulation@127.0.0.1:4054", "removed")],
                Reruns = ["legacy/3"],
            },
            new MachineInterrupted(Id, "run1", "legacy", 3),

            // Cluster: the command line's `cluster` verb -> a node's admin actor
            new GetClusterStatus(Id),
            new ClusterStatus(Id, "akka.tcp://emulation@127.0.0.1:4053", "akka.tcp://emulation@127.0.0.1:4053",
                [new MemberView("akka.tcp://emulation@127.0.0.1:4053", "Up", ["coordinator", "worker"], true)]),
            new LeaveMember(Id, "akka.tcp://emulation@127.0.0.1:4054"),
            new DownMember(Id, "akka.tcp://emulation@127.0.0.1:4054"),
            new AdminDone(Id, true, "leave akka.tcp://emulation@127.0.0.1:4054: asked"),
            new ThrottleLink(Id, "akka.trttl.tcp://emulation@127.0.0.1:4054", 20_000),
            new CrashNode(Id),
            new ScenarioFailed(Id, "machine 3 under legacy failed"),
            new ScenarioProgress(Id, 3, 140),

            // Userspace: machine -> client, machine -> compositor
            new StartClient(Id, 40),
            new StopClient(Id),
            new RenderFrame(Id, 17),
            new ClientFeedback(Id, UserspaceSamples.Feedback, ["igpu", "dgpu"], DeviceLost: true),
            new ClientStepDone(Id, [1000, 2000], 30, "dgpu", [1, 2], [UserspaceSamples.Buffer], 3),
            new StartCompositor(Id, ["igpu", "dgpu"]),
            new PlaceSurface(Id, "game", "hdmi"),
            new CreateBuffers(Id, "game", [UserspaceSamples.Buffer]),
            new DestroyBuffers(Id, "game", [1, 2, 3]),
            new CommitBuffer(Id, "game", 2, 0.25),
            new DeviceChanged(Id, "dgpu", Present: false),
            new KernelCapabilities(Id, SomeKnobs),
            new CompositeFrame(Id, 17, [new ClientDevice("game", "dgpu")]),
            new FinishCompositor(Id),
            new CompositorStepDone(Id, [new SurfaceFeedback("game", UserspaceSamples.Feedback)]),
            new FrameComposited(Id, [10, 20], 5, [0, 1, 2, 0], 1L << 25, [new OutputPath("hdmi", Repainted: true, ["dgpu", "igpu"], Cpu: false, Blank: true)]),
            new ImportCounts(Id, 1, 2, 3, [0, 1, 0, 0, 0, 2, 0, 0, 0, 0], 4, 1, 1, 0, 1L << 25),
        ];
        return samples;
    }

    /// <summary>One sample of every kernel operation, with every field set to something other than its default.</summary>
    public static IReadOnlyList<IIoctl> Ioctls() =>
    [
        new Open("dgpu", true),
        new CloseFile(3),
        new CreateDumb(3, 1920, 1080, 32),
        new Alloc(3, 32L << 20, Placement.Vram, AllocFlags.Only | AllocFlags.Contiguous),
        new GemClose(3, 2),
        new Export(3, 2, ExportFlags.CloExec | ExportFlags.ReadWrite),
        new Import(4, 9, ImportFlags.NoMove | ImportFlags.Dynamic),
        new ImportBadFd(4, BadFdKind.Closed),
        new CloseFd(9),
        new Dup(9),
        new SeekEnd(9),
        new SeekBad(9),
        new Write(9, 0xDEADBEEF),
        new Read(9),
        new Map(4, 2),
        new Unmap(4, 2),
        new Render(4, 2),
        new Query(4, 2),
        new AddFramebuffer(4, 2),
        new Scanout(4, 2, "hdmi-a-1"),
        new Pressure("dgpu", 7L << 30, Pinned: true),
        new PressureLeaving("dgpu", 64L << 20, Pinned: true),
        new UsePressure(12),
        new ReleasePressure("dgpu", 11),
        new Unplug("dgpu"),
        new Replug("dgpu"),
        new SetKnob("no-move", "rfc-hook"),
        new SetKnobs(SomeKnobs),
        new GetPoolUsage("vram:dgpu"),
        new Tick(16_667),
    ];
}
