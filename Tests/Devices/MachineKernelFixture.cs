using Akka.Actor;
using Akka.TestKit;
using Emulation.Actors.Devices;
using Emulation.Actors.Uapi;
using System.Collections.Immutable;
using Emulation.Messages.Devices;
using Emulation.Messages.Faces;
using Emulation.Messages.Kernel;
using Emulation.Messages.Pools;
using Emulation.Tests.Support;
using Xunit.Abstractions;

namespace Emulation.Tests.Devices;

/// <summary>
/// Base of the actor tests: a TestKit on the test configuration (serialize-messages on), a kernel host
/// started per test, and helpers that talk to it through messages only.
/// </summary>
public abstract class MachineKernelTestKit(string systemName, ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(TestConfig.Actors, systemName, output)
{
    protected const long MiB = 1L << 20;
    protected const long GiB = 1L << 30;

    private long _lastRequest;

    /// <summary>The kernel host <see cref="StartKernel"/> started.</summary>
    protected IActorRef Host { get; private set; } = ActorRefs.Nobody;

    protected long NextId() => ++_lastRequest;

    /// <summary>Starts a machine's kernel side and learns its actors from the host (by message).</summary>
    protected KernelRefs StartKernel(Topology topology, Knobs? knobs = null, int invariantCheckEvery = 1)
    {
        Host = Sys.ActorOf(KernelHostActor.Props(topology, knobs, invariantCheckEvery), "machine-kernel");
        var id = NextId();
        Host.Tell(new GetKernelRefs(id));
        var refs = ExpectMsg<KernelRefs>();
        Assert.Equal(id, refs.RequestId);
        return refs;
    }

    /// <summary>Sends an operation and expects its answer (same request id, the outcome of its result type) as the next message.</summary>
    protected Answered<TResult> Call<TResult>(IActorRef target, IIoctl<TResult> ioctl)
    {
        var id = NextId();
        target.Tell(new KernelCall(id, ioctl));
        var answer = ExpectMsg<KernelAnswer>();
        Assert.Equal(id, answer.RequestId);
        var outcome = Assert.IsType<IoctlOutcome<TResult>>(answer.Outcome);
        return new Answered<TResult>(id, outcome.Errno, outcome.Value, outcome.Effects);
    }

    protected static IActorRef Device(KernelRefs refs, string device) => refs.Devices.Single(d => d.Device == device).Face;

    protected static IActorRef Pool(KernelRefs refs, string pool) => refs.Pools.Single(p => p.Pool == pool).Face;

    /// <summary>A probe subscribed to a face: it receives every notification the face receives.</summary>
    protected TestProbe Subscribe(IActorRef face, string name)
    {
        var probe = CreateTestProbe(name);
        var id = NextId();
        face.Tell(new Subscribe(id, probe.Ref), probe.Ref);
        Assert.Equal(id, probe.ExpectMsg<Subscribed>().RequestId);
        return probe;
    }

    /// <summary>
    /// A face's stats, asked by its subscribed probe. The kernel tells the faces before it replies, so once
    /// the reply is in, anything the face got is already queued ahead of this question: if the probe's next
    /// message is the stats, the face received nothing new.
    /// </summary>
    protected static DeviceStats DeviceStatsOf(IActorRef face, TestProbe subscriber)
    {
        face.Tell(new GetDeviceStats(0), subscriber.Ref);
        return subscriber.ExpectMsg<DeviceStats>();
    }

    protected static PoolStats PoolStatsOf(IActorRef face, TestProbe subscriber)
    {
        face.Tell(new GetPoolStats(0), subscriber.Ref);
        return subscriber.ExpectMsg<PoolStats>();
    }

    protected KernelStats KernelStatsOf(IActorRef kernel)
    {
        var id = NextId();
        kernel.Tell(new GetKernelStats(id));
        var stats = ExpectMsg<KernelStats>();
        Assert.Equal(id, stats.RequestId);
        return stats;
    }

    /// <summary>A client on <paramref name="device"/>'s render node allocates (in VRAM by default) and exports: (file, handle, object, fd).</summary>
    protected (int File, int Handle, int Bo, int Fd) AllocateAndExport(KernelRefs refs, string device, long bytes,
        Placement placement = Placement.Vram)
    {
        var open = Call(Device(refs, device), new Open(device, RenderNode: true));
        Assert.Equal(Errno.None, open.Errno);
        var alloc = Call(refs.Kernel, new Alloc(open.Value, bytes, placement));
        Assert.Equal(Errno.None, alloc.Errno);
        Assert.Empty(alloc.Effects);
        var export = Call(refs.Kernel,
            new Export(open.Value, alloc.Value.Handle, ExportFlags.CloExec | ExportFlags.ReadWrite));
        Assert.Equal(Errno.None, export.Errno);
        Assert.Empty(export.Effects);
        return (open.Value, alloc.Value.Handle, alloc.Value.Bo, export.Value.Fd);
    }

    protected int OpenPrimary(KernelRefs refs, string device)
    {
        var open = Call(Device(refs, device), new Open(device, RenderNode: false));
        Assert.Equal(Errno.None, open.Errno);
        return open.Value;
    }
}

/// <summary>What a test got back for one operation: its request id and the outcome's parts.</summary>
public sealed record Answered<TResult>(long RequestId, Errno Errno, TResult Value, ImmutableArray<KernelEffect> Effects);
