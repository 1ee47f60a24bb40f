using Emulation.Messages.Machines;
using Emulation.Actors.Machines;
using Emulation.Actors.Scenarios;
using Emulation.Messages.Scenarios;

namespace Emulation.Tests.Userspace;

/// <summary>A client draws from the frame it starts on: its `start` frame, or a `client-start` event's.</summary>
public sealed class ClientStartTests
{
    private static ScenarioSpec Scenario(string timeline, int start) => ScenarioReader.Parse($$"""
        scenario {
          frames = 20
          policies = [legacy]
          topology = vgem-vkms
          clients = [ { name = app, device = vgem, buffers = 2, size = 640x480, output = virtual-1, start = {{start}} } ]
          timeline = [ {{timeline}} ]
        }
        """, "start.hocon", new Catalogue(Path.GetTempPath()));

    [Fact]
    public void A_client_started_by_an_event_draws_from_that_frame()
    {
        var byEvent = DirectMachine.Run(Scenario("{ frame = 5, client-start { client = app } }", start: 2), ImportPolicy.Legacy, 0).Result!;
        var byStart = DirectMachine.Run(Scenario("", start: 5), ImportPolicy.Legacy, 0).Result!;
        Assert.Equal(GpuNanos(byStart), GpuNanos(byEvent));
        Assert.True(GpuNanos(byStart).Sum() > 0);
    }

    [Fact]
    public void A_stopped_client_draws_nothing_more()
    {
        var stopped = DirectMachine.Run(Scenario("{ frame = 10, client-stop { client = app } }", start: 0), ImportPolicy.Legacy, 0).Result!;
        var running = DirectMachine.Run(Scenario("", start: 0), ImportPolicy.Legacy, 0).Result!;
        Assert.True(GpuNanos(stopped).Sum() < GpuNanos(running).Sum());
        Assert.Equal(0, stopped[Metrics.InvariantViolations]);
    }

    private static long[] GpuNanos(MachineMetrics m) => [.. Enumerable.Range(0, m.Shape.Devices).Select(d => m[Metrics.GpuUs, d])];
}
