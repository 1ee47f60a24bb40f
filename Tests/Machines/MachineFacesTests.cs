using Emulation.Actors.Machines;
using Emulation.Actors.Scenarios;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;

namespace Emulation.Tests.Machines;

/// <summary>What a machine reports from its device and pool faces: GPU time from the devices' frame times, pool peaks from the pools.</summary>
public sealed class MachineFacesTests
{
    [Fact]
    public void The_machine_s_events_for_a_device_go_through_its_face_and_the_gpu_time_is_the_face_s_frame_time()
    {
        var scenario = ScenarioReader.Load("T01", Catalogue.Default) with { Frames = 40 };
        var machine = DirectMachine.Start(scenario, ImportPolicy.Legacy, 0).RunToEnd();
        var dgpu = machine.Side.Device("dgpu").Stats(0);
        Assert.True(dgpu.Forwarded >= 1, "T01's pressure at frame 30 goes through the dgpu's face");
        Assert.Equal(40, dgpu.Frames);
        Assert.Equal(dgpu.FrameNanos, machine.Script.Result![Metrics.GpuUs, scenario.Topology.IndexOf("dgpu")]);
        Assert.Equal(0, machine.Side.Device("igpu").Stats(0).Forwarded);
    }

    [Fact]
    public void Each_pool_s_peak_usage_comes_from_its_face_and_is_the_largest_over_machines()
    {
        var scenario = ScenarioReader.Load("T01", Catalogue.Default) with { Frames = 40 };
        var machines = Enumerable.Range(0, 3).Select(i => DirectMachine.Start(scenario, ImportPolicy.Legacy, i).RunToEnd()).ToList();
        var peaks = machines.Select(m => m.Side.Pool("vram:dgpu").Stats(0).PeakUsed).ToList();
        var vram = MetricNames.KeysOf(Metrics.PeakPoolBytes, scenario.Topology).ToList().IndexOf("vram:dgpu");
        Assert.All(machines.Zip(peaks), x => Assert.Equal(x.Second, x.First.Script.Result![Metrics.PeakPoolBytes, vram]));
        var sum = machines.Select(m => m.Script.Result!).Aggregate(MachineMetrics.Zero(MetricShape.Of(scenario.Topology)), (a, b) => a.Plus(b));
        Assert.Equal(peaks.Max(), sum[Metrics.PeakPoolBytes, vram]);
        Assert.True(peaks.Max() > 0);
        Assert.Equal(peaks.Max(), MetricNames.Value(sum, "peak-pool-bytes.vram:dgpu", new MetricContext(scenario.Topology, scenario.Frames)));
    }
}
