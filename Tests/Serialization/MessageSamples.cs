using System.Collections.Immutable;
using Akka.Actor;
using Emulation.Actors.Uapi;
using Emulation.Messages;
using Emulation.Messages.Machines;
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
    private static readonly Knobs SomeKnobs = new(PinTiming.Attach, true, NoMoveSupport.Placement, SameDeviceSupport.Supported,
        RespectsAttachments.False);

    /// <summary>Samples by message type; <paramref name="actor"/> fills the IActorRef fields.</summary>
    public static IReadOnlyDictionary<Type, IEmulationMessage> All(IActorRef actor)
    {
        IEmulationMessage[] samples =
        [
            new OpenRequest(Id, "dgpu", true),
            new OpenReply(Id, Errno.ENOENT, 3, []),
            new CloseFileRequest(Id, 3),
            new CloseFileReply(Id, Errno.None, Effects),
            new CreateDumbRequest(Id, 3, 1920, 1080, 32),
            new CreateDumbReply(Id, Errno.None, Handle, Effects),
            new AllocRequest(Id, 3, 32L << 20, Placement.Vram, Only: true, Contiguous: true),
            new AllocReply(Id, Errno.None, Handle, Effects),
            new GemCloseRequest(Id, 3, 2),
            new GemCloseReply(Id, Errno.EINVAL, 2, []),
            new ExportRequest(Id, 3, 2, ExportFlags.CloExec | ExportFlags.ReadWrite),
            new ExportReply(Id, Errno.None, Fd, Effects),
            new ImportRequest(Id, 4, 9, ImportFlags.NoMove | ImportFlags.Dynamic),
            new ImportReply(Id, Errno.None, Handle, Effects),
            new ImportBadFdRequest(Id, 4, BadFdKind.Closed),
            new ImportBadFdReply(Id, Errno.EBADF, []),
            new CloseFdRequest(Id, 9),
            new CloseFdReply(Id, Errno.None, Effects),
            new DupRequest(Id, 9),
            new DupReply(Id, Errno.None, Fd, Effects),
            new SeekEndRequest(Id, 9),
            new SeekEndReply(Id, Errno.None, 32L << 20, Effects),
            new SeekBadRequest(Id, 9),
            new SeekBadReply(Id, Errno.EINVAL, []),
            new WriteRequest(Id, 9, 0xDEADBEEF),
            new WriteReply(Id, Errno.EACCES, []),
            new ReadRequest(Id, 9),
            new ReadReply(Id, Errno.None, 0xCAFEF00D, Effects),
            new MapRequest(Id, 4, 2),
            new MapReply(Id, Errno.None, Info, Effects),
            new UnmapRequest(Id, 4, 2),
            new UnmapReply(Id, Errno.None, Info, Effects),
            new RenderRequest(Id, 4, 2),
            new RenderReply(Id, Errno.None, Info, Effects),
            new QueryRequest(Id, 4, 2),
            new QueryReply(Id, Errno.None, Info, Effects),
            new AddFramebufferRequest(Id, 4, 2),
            new AddFramebufferReply(Id, Errno.None, Info, Effects),
            new ScanoutRequest(Id, 4, 2, "hdmi-a-1"),
            new ScanoutReply(Id, Errno.None, Info, Effects),
            new SetKnobsRequest(Id, SomeKnobs),
            new SetKnobsReply(Id, Errno.None, SomeKnobs, Effects),
            new SetKnobRequest(Id, "no-move", "rfc-hook"),
            new SetKnobReply(Id, Errno.EINVAL, SomeKnobs, "bad value 'x' for knob 'no-move'", Effects),
            new PressureRequest(Id, "dgpu", 7L << 30),
            new PressureReply(Id, Errno.None, 11, Effects),
            new ReleasePressureRequest(Id, "dgpu", 11),
            new ReleasePressureReply(Id, Errno.None, Effects),
            new UnplugRequest(Id, "dgpu"),
            new UnplugReply(Id, Errno.None, Effects),
            new ReplugRequest(Id, "dgpu"),
            new ReplugReply(Id, Errno.EINVAL, []),
            new PoolUsageRequest(Id, "vram:dgpu"),
            new PoolUsageReply(Id, Errno.None, new PoolUsage("vram:dgpu", 1L << 30, 8L << 30), Effects),
            new MoveNotify(Id, "dgpu1", 7, 2, "dgpu0", 3),
            new PinChanged(Id, "dgpu", 1, Placement.Gtt, PinHolder.Attach, Pinned: true),
            new DevicePlugChanged(Id, "dgpu", Present: true, Generation: 2),
            new GetDeviceStats(Id),
            new DeviceStats(Id, "dgpu", 1, 2, 3, 4, 5),
            new PlacementChanged(Id, "vram:dgpu", PoolFlow.Out, 3, "dgpu", Placement.Vram, Placement.Gtt, 256L << 20, PlacementCause.Eviction),
            new GetPoolStats(Id),
            new PoolStats(Id, "gtt", 1, 2, 3, 4, 5, 6, 7),
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

            // Machines: the run's kernel requests, machine entities, the scenario coordinator
            new VramPressureRequest(Id, "dgpu", 0, 64L << 20, Pinned: true),
            new VramPressureReply(Id, Errno.None, 12, Effects),
            new UsePressureRequest(Id, 12),
            new UsePressureReply(Id, Errno.None, Effects),
            new EndFrameRequest(Id),
            new EndFrameReply(Id, Errno.None, 2, []),
            new TallyRequest(Id),
            new TallyReply(Id, Errno.None, 1, 2, 3, 4, 5, 6, 7, 8, 0, ["PlacementAllowed: O3 is in gtt, allowed Vram"], []),
            new RunMachine(Id, "run1", UserspaceSamples.Scenario, "legacy", 3, 1),
            new MachineDone(Id, "run1", "legacy", 3, UserspaceSamples.Metrics, ["a violation"]),
            new MachineFailed(Id, "run1", "legacy", 3, "actor compositor of the machine stopped"),
            new StartScenario(Id),
            new ScenarioDone(Id, [new PolicyTotals("legacy", UserspaceSamples.Metrics)], []),
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
            new CommitBuffer(Id, "game", 2),
            new DeviceChanged(Id, "dgpu", Present: false),
            new KernelCapabilities(Id, SomeKnobs),
            new CompositeFrame(Id, 17, [new ClientDevice("game", "dgpu")]),
            new FinishCompositor(Id),
            new CompositorStepDone(Id, [new SurfaceFeedback("game", UserspaceSamples.Feedback)]),
            new FrameComposited(Id, [10, 20], 5, [0, 1, 2, 0], 1L << 25, [new OutputPath("hdmi", ["dgpu", "igpu"], Cpu: false, Dropped: true)]),
            new ImportCounts(Id, 1, 2, 3, [0, 1, 0, 0, 0, 2, 0, 0, 0, 0]),
        ];
        return samples.ToDictionary(s => s.GetType());
    }
}
