using System.Collections.Immutable;
using Akka.Actor;
using Emulation.Actors.Devices;
using Emulation.Actors.Uapi;
using Emulation.Messages;
using Xunit.Abstractions;

namespace Emulation.Tests.Devices;

/// <summary>The kernel actor, its host and its faces: wiring, forwarding, errors, knobs, hot-plug, invariant checks.</summary>
public sealed class KernelActorTests(ITestOutputHelper output) : MachineKernelTestKit("kernel-actor", output)
{
    [Fact]
    public void The_host_starts_one_face_per_device_and_per_pool_with_a_capacity_under_kebab_case_names()
    {
        var refs = StartKernel(Topologies.IntelAmdLaptop);
        Assert.Equal(["igpu", "dgpu"], refs.Devices.Select(d => d.Device));
        Assert.Equal(["gtt", "system", "cma", "vram:dgpu"], refs.Pools.Select(p => p.Pool));
        Assert.Equal("kernel", refs.Kernel.Path.Name);
        Assert.Equal(["device-igpu", "device-dgpu"], refs.Devices.Select(d => d.Face.Path.Name));
        Assert.Equal(["pool-gtt", "pool-system", "pool-cma", "pool-vram-dgpu"], refs.Pools.Select(p => p.Face.Path.Name));
    }

    [Fact]
    public void Requests_reach_the_kernel_directly_through_the_host_and_through_faces()
    {
        var refs = StartKernel(Topologies.IntelAmdLaptop);
        var direct = Call(refs.Kernel, new Open("dgpu", true));
        var viaHost = Call(Host, new Open("dgpu", true));
        var viaFace = Call(Device(refs, "dgpu"), new Open("dgpu", true));
        Assert.Equal([1, 2, 3], new[] { direct.Value, viaHost.Value, viaFace.Value });

        var alloc = Call(refs.Kernel, new Alloc(direct.Value, 64 * MiB, Placement.Vram));
        var usage = Call(Pool(refs, "vram:dgpu"), new GetPoolUsage("vram:dgpu"));
        Assert.Equal(Errno.None, usage.Errno);
        Assert.Equal(new PoolUsage("vram:dgpu", 64 * MiB, 8 * GiB), usage.Value);
        Assert.Equal(Errno.None, alloc.Errno);
    }

    [Fact]
    public void Unknown_devices_pools_and_handles_answer_with_an_errno()
    {
        var refs = StartKernel(Topologies.IntelAmdLaptop);
        Assert.Equal(Errno.ENOENT, Call(refs.Kernel, new Open("tpu", false)).Errno);
        Assert.Equal(Errno.ENOENT, Call(refs.Kernel, new Pressure("tpu", MiB)).Errno);
        Assert.Equal(Errno.ENOENT, Call(refs.Kernel, new GetPoolUsage("vram:tpu")).Errno);
        Assert.Equal(Errno.EBADF, Call(refs.Kernel, new Query(99, 1)).Errno);
        Assert.Equal(Errno.EBADF, Call(refs.Kernel, new Import(99, 1, 0)).Errno);

        var id = NextId();
        refs.Kernel.Tell(new AttachFaces(id, [new DeviceFace("tpu", TestActor)], []));
        Assert.Equal(new FacesAttached(id, Errno.EINVAL), ExpectMsg<FacesAttached>());

        var stats = KernelStatsOf(refs.Kernel);
        Assert.Equal((5L, 5L, 0L), (stats.Operations, stats.Failures, stats.InvariantChecks));
    }

    [Fact]
    public void Release_pressure_is_scoped_to_the_device_it_names()
    {
        var refs = StartKernel(Topologies.TwoAmdPeers);
        var pressure = Call(Device(refs, "dgpu0"), new Pressure("dgpu0", 100 * MiB));
        Assert.Equal(Errno.None, pressure.Errno);
        Assert.Equal(Errno.ENOENT,
            Call(refs.Kernel, new ReleasePressure("dgpu1", pressure.Value)).Errno);
        Assert.Equal(Errno.None,
            Call(refs.Kernel, new ReleasePressure("dgpu0", pressure.Value)).Errno);
    }

    [Fact]
    public void Knobs_are_set_by_record_or_by_spec_name_and_bad_ones_are_refused()
    {
        var refs = StartKernel(Topologies.IntelAmdLaptop);
        var bad = Call(refs.Kernel, new SetKnob("no-move", "sometimes"));
        Assert.Equal(Errno.EINVAL, bad.Errno);
        Assert.Contains("expected one of", bad.Value.Problem);
        Assert.Equal(Knobs.Default, bad.Value.Knobs);

        var knobs = Knobs.Default with { PinTiming = PinTiming.Attach, MoveNotify = true };
        var set = Call(refs.Kernel, new SetKnobs(knobs));
        Assert.Equal((Errno.None, knobs), (set.Errno, set.Value));
        Assert.Equal(knobs, KernelStatsOf(refs.Kernel).Knobs);
    }

    [Fact]
    public void Unplug_and_replug_through_the_device_face_tell_the_face()
    {
        var refs = StartKernel(Topologies.IntelAmdLaptop);
        var dgpu = Subscribe(Device(refs, "dgpu"), "dgpu");
        var file = Call(refs.Kernel, new Open("dgpu", true)).Value;

        var unplug = Call(Device(refs, "dgpu"), new Unplug("dgpu"));
        Assert.Equal(Errno.None, unplug.Errno);
        Assert.Equal(new DevicePlugChanged(unplug.RequestId, "dgpu", Present: false, Generation: 1), dgpu.ExpectMsg<DevicePlugChanged>());
        Assert.Equal(Errno.ENODEV, Call(refs.Kernel, new Open("dgpu", true)).Errno);
        Assert.Equal(Errno.ENODEV, Call(Device(refs, "dgpu"), new Unplug("dgpu")).Errno);

        var replug = Call(Device(refs, "dgpu"), new Replug("dgpu"));
        Assert.Equal(Errno.None, replug.Errno);
        Assert.Equal(new DevicePlugChanged(replug.RequestId, "dgpu", Present: true, Generation: 2), dgpu.ExpectMsg<DevicePlugChanged>());
        Assert.Equal(Errno.ENODEV, Call(refs.Kernel, new Alloc(file, MiB, Placement.Vram)).Errno);
        Assert.Equal(Errno.None, Call(refs.Kernel, new Open("dgpu", true)).Errno);
        Assert.Equal(2, DeviceStatsOf(Device(refs, "dgpu"), dgpu).PlugChanges);
    }

    [Fact]
    public void Every_fd_and_display_operation_is_reachable_by_message()
    {
        var refs = StartKernel(Topologies.IntelAmdLaptop);
        var client = AllocateAndExport(refs, "igpu", 4 * MiB, Placement.Gtt);
        Assert.Equal(Errno.None, Call(refs.Kernel, new Write(client.Fd, 0xC0FFEE)).Errno);
        Assert.Equal(0xC0FFEEu, Call(refs.Kernel, new Read(client.Fd)).Value);
        Assert.Equal(4 * MiB, Call(refs.Kernel, new SeekEnd(client.Fd)).Value);
        Assert.Equal(Errno.EINVAL, Call(refs.Kernel, new SeekBad(client.Fd)).Errno);
        var dup = Call(refs.Kernel, new Dup(client.Fd));
        Assert.Equal(Errno.None, dup.Errno);
        Assert.Equal(Errno.None, Call(refs.Kernel, new CloseFd(dup.Value.Fd)).Errno);
        Assert.Equal(Errno.EINVAL, Call(refs.Kernel, new ImportBadFd(client.File, BadFdKind.DevNull)).Errno);

        var display = OpenPrimary(refs, "igpu");
        var dumb = Call(refs.Kernel, new CreateDumb(display, 64, 64, 32));
        Assert.Equal(Errno.None, dumb.Errno);
        Assert.Equal(Errno.None, Call(refs.Kernel, new AddFramebuffer(display, dumb.Value.Handle)).Errno);
        var shown = Call(refs.Kernel, new Scanout(display, dumb.Value.Handle, "edp"));
        Assert.Equal(Errno.None, shown.Errno);
        Assert.Contains(shown.Effects, e => e is Pinned { Holder: PinHolder.Scanout });

        var imported = Call(refs.Kernel, new Import(display, client.Fd, 0));
        Assert.Equal(Errno.None, Call(refs.Kernel, new Map(display, imported.Value.Handle)).Errno);
        Assert.Equal(Errno.None, Call(refs.Kernel, new Unmap(display, imported.Value.Handle)).Errno);
        Assert.Equal(Errno.None, Call(refs.Kernel, new GemClose(display, imported.Value.Handle)).Errno);
        var close = Call(refs.Kernel, new CloseFile(display));
        Assert.Equal(Errno.None, close.Errno);
        Assert.Contains(close.Effects, e => e is Unpinned { Holder: PinHolder.Scanout });
        Assert.Equal(0, KernelStatsOf(refs.Kernel).InvariantViolations);
    }

    [Fact]
    public void The_invariant_checker_runs_every_nth_state_change()
    {
        var refs = StartKernel(Topologies.IntelAmdLaptop, invariantCheckEvery: 3);
        var file = Call(refs.Kernel, new Open("dgpu", true)).Value;
        Call(refs.Kernel, new Alloc(file, MiB, Placement.Vram));
        Assert.Equal(0, KernelStatsOf(refs.Kernel).InvariantChecks);
        Call(refs.Kernel, new Query(file, 1));           // changes nothing
        Call(refs.Kernel, new Alloc(file, MiB, Placement.Vram));
        var stats = KernelStatsOf(refs.Kernel);
        Assert.Equal((4L, 1L, 0L), (stats.Operations, stats.InvariantChecks, stats.InvariantViolations));
    }

    [Fact]
    public void A_subscriber_that_unsubscribes_or_stops_hears_no_more()
    {
        var refs = StartKernel(Topologies.IntelAmdLaptop);
        var gttFace = Pool(refs, "gtt");
        var quitter = Subscribe(gttFace, "quitter");
        var id = NextId();
        gttFace.Tell(new Unsubscribe(id, quitter.Ref), quitter.Ref);
        Assert.Equal(new Unsubscribed(id, "gtt"), quitter.ExpectMsg<Unsubscribed>());
        var stopped = Subscribe(gttFace, "stopped");
        Watch(stopped.Ref);
        Sys.Stop(stopped.Ref);
        ExpectTerminated(stopped.Ref);

        var stayer = Subscribe(gttFace, "stayer");
        var client = AllocateAndExport(refs, "dgpu", 8 * MiB);
        var compositor = OpenPrimary(refs, "igpu");
        var import = Call(refs.Kernel, new Import(compositor, client.Fd, 0));
        Call(refs.Kernel, new Render(compositor, import.Value.Handle));

        Assert.Equal(PoolFlow.In, stayer.ExpectMsg<PlacementChanged>().Flow);
        Assert.Equal(1, PoolStatsOf(gttFace, quitter).MovesIn);   // the quitter's next message is the stats: no notification
    }

    [Fact]
    public void When_the_kernel_actor_dies_its_host_stops_too()
    {
        var refs = StartKernel(Topologies.IntelAmdLaptop);
        Watch(Host);
        refs.Kernel.Tell(Kill.Instance);
        ExpectTerminated(Host);
    }
}
