using Akka.Actor;
using Xunit.Abstractions;

namespace Emulation.Tests.Devices;

/// <summary>The device and pool faces keep what the run reports: a device's frame times and hot-plug state, a pool's peak usage.</summary>
public sealed class FaceLedgerTests(ITestOutputHelper output) : MachineKernelTestKit("face-ledgers", output)
{
    [Fact]
    public void A_device_face_keeps_its_frame_times_and_its_hot_plug_state()
    {
        var refs = StartKernel(Topologies.IntelAmdLaptop);
        var dgpu = Device(refs, "dgpu");
        var probe = Subscribe(dgpu, "dgpu");
        dgpu.Tell(new DeviceFrame(NextId(), 0, 4_000_000));
        dgpu.Tell(new DeviceFrame(NextId(), 1, 9_000_000));
        Assert.Equal(Errno.None, Call(dgpu, new Unplug("dgpu")).Errno);
        probe.ExpectMsg<DevicePlugChanged>();
        var stats = DeviceStatsOf(dgpu, probe);
        Assert.Equal((2L, 13_000_000L, 9_000_000L), (stats.Frames, stats.FrameNanos, stats.MaxFrameNanos));
        Assert.Equal((false, 1, 1L), (stats.Present, stats.Generation, stats.Forwarded));

        Assert.Equal(Errno.None, Call(dgpu, new Replug("dgpu")).Errno);
        probe.ExpectMsg<DevicePlugChanged>();
        stats = DeviceStatsOf(dgpu, probe);
        Assert.Equal((true, 2, 2L), (stats.Present, stats.Generation, stats.Forwarded));
    }

    [Fact]
    public void A_pool_face_hears_its_usage_at_the_end_of_each_frame_and_keeps_its_peak()
    {
        var refs = StartKernel(Topologies.IntelAmdLaptop);
        var vram = Pool(refs, "vram:dgpu");
        var probe = Subscribe(vram, "vram");
        var client = AllocateAndExport(refs, "dgpu", 64 * MiB);
        refs.Kernel.Tell(new EndFrame(NextId(), 0));
        ExpectMsg<FrameEnded>();
        Assert.Equal(Errno.None, Call(refs.Kernel, new CloseFd(client.Fd)).Errno);
        Assert.Equal(Errno.None, Call(refs.Kernel, new CloseFile(client.File)).Errno);
        refs.Kernel.Tell(new EndFrame(NextId(), 0));
        ExpectMsg<FrameEnded>();
        var stats = PoolStatsOf(vram, probe);
        Assert.Equal((0L, 8 * GiB, 64 * MiB), (stats.Used, stats.Capacity, stats.PeakUsed));
    }
}
