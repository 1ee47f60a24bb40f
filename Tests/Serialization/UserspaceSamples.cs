using Emulation.Actors.Uapi;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;
using Emulation.Messages.Userspace;

namespace Emulation.Tests.Serialization;

/// <summary>Sample values of the scenario and userspace records carried by machine messages.</summary>
public static class UserspaceSamples
{
    public static readonly Feedback Feedback = new(6, null,
        [new Tranche("dgpu", Scanout: true, Sampling: true), new Tranche("igpu", Scanout: false, Sampling: true)]);

    public static readonly ClientBuffer Buffer = new(1, 7, 33177600, "dgpu", "dgpu");

    /// <summary>Figures of a two-device, one-output, three-pool machine (T19's shape) with every slot set (1, 2, 3...).</summary>
    public static readonly MachineMetrics Metrics =
        new(new MetricShape(2, 1, 3), [.. Enumerable.Range(1, MetricLayout.Of(new MetricShape(2, 1, 3)).Length).Select(i => (long)i)]);

    private static readonly Topology Laptop = new("T01",
        [
            DeviceSpec.Create("igpu", DeviceKind.RenderDisplay, DriverProfile.I915, "edp") with { BootVga = true },
            DeviceSpec.Create("dgpu", DeviceKind.RenderDisplay, DriverProfile.Amdgpu, "hdmi") with { ResizableBar = true },
        ],
        [new P2PLink("igpu", "dgpu")], SystemMemory.Default);

    public static readonly ScenarioSpec Scenario = new("T01", "laptop", "scenarios/T01.hocon", 7, 20, 120, Knobs.Default, Laptop,
        CompositorSpec.Default with { ForcedRung = CopyRung.Blit },
        ["legacy", "client-hint"],
        [new ClientSpec("game", "dgpu", AllocationPolicy.SamplingDevice, 3, 3840, 2160, "XR24", "hdmi", 60, 0, -1)],
        [
            new VramPressure(30, "dgpu", 0, 64L << 20, 30, Active: false, Pinned: true),
            new MoveWindow(50, "game", "edp"),
            new ClientStart(60, "game"),
            new ClientStop(70, "game"),
            new UnplugDevice(80, "dgpu"),
            new ReplugDevice(90, "dgpu"),
            new KnobChange(100, "move-notify", "true"),
        ],
        [new VariationAxis("dgpu", "vram", ["4GiB", "8GiB"])],
        [new Expectation("legacy", "import-migrations > 0", "import-migrations", false, Comparison.Greater, 0)]);
}
