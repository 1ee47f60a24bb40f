using Emulation.Actors.Scenarios;
using Emulation.Actors.Uapi;
using Emulation.Messages.Scenarios;

namespace Emulation.Tests.Scenarios;

/// <summary>Valid files: the catalogue's T01 validates, and reading keeps what a file says, key by key.</summary>
public class ValidScenarioTests
{
    [Theory]
    [InlineData("T01")]
    [InlineData("t01")]
    public void T01_validates_by_id(string id)
    {
        var run = Cli.Run("validate", id);
        Assert.Equal("", run.Stderr);
        Assert.Equal(0, run.Exit);
        Assert.StartsWith($"{Catalogue.Default.FileOf("T01")}: valid", run.Stdout);
    }

    [Fact]
    public void T01_validates_by_path_from_the_repository()
    {
        var file = Path.Combine(Kernel.Support.RepositoryRoot.Find(), "scenarios", "T01-intel-amd-laptop.hocon");
        var run = Cli.Run("validate", file);
        Assert.Equal("", run.Stderr);
        Assert.Equal(0, run.Exit);
    }

    [Fact]
    public void Scenario_keys_read_back_as_written()
    {
        var s = ScenarioText.Parse(EveryKeyScenario.Text);
        Assert.Equal("S1", s.Id);
        Assert.Equal("test laptop", s.Name);
        Assert.Equal(ScenarioText.File, s.Source);
        Assert.Equal(42UL, s.Seed);
        Assert.Equal(3, s.Machines);
        Assert.Equal(90, s.Frames);
        Assert.Equal((PinTiming.Attach, true, NoMoveSupport.RfcHook, SameDeviceSupport.Supported, RespectsAttachments.False),
            (s.Knobs.PinTiming, s.Knobs.MoveNotify, s.Knobs.NoMove, s.Knobs.SameDevice, s.Knobs.RespectsAttachments));
        Assert.Equal(Knobs.Default.Kernel, s.Knobs.Kernel);
        Assert.Equal(new CompositorSpec(PrimaryPreset.Integrated, RenderPreset.PerOutput, CopyRung.GpuCopy, false), s.Compositor);
        // Policies run in their documented order (docs/scenarios.md, policies), whatever the order of the list.
        Assert.Equal(["legacy", "no-move-probe/output-first", "client-hint"], s.Policies.ToArray());
    }

    [Fact]
    public void Topology_keys_read_back_as_written()
    {
        var t = ScenarioText.Parse(EveryKeyScenario.Text).Topology;
        Assert.Equal("laptop", t.Name);
        Assert.Equal(["igpu", "dgpu", "egpu", "apu"], t.Devices.Select(d => d.Id).ToArray());

        var igpu = t.Devices[0];
        Assert.Equal((DeviceKind.RenderDisplay, DriverProfile.I915, true, true, false), (igpu.Kind, igpu.Profile, igpu.BootVga, igpu.HasIommu, igpu.ResizableBar));
        Assert.Equal([new OutputSpec("edp", 120, 2560, 1600, true)], igpu.Outputs.ToArray());

        var dgpu = t.Devices[1];
        Assert.Equal(DriverProfile.Amdgpu with { RespectsAttachments = false, PinInVramWhenAllP2P = false, NoMoveHook = NoMoveHook.NeverMoves, ThrottlesMoves = false }, dgpu.Profile);
        Assert.Equal((4 * DeviceSpec.GiB, true, 512 * DeviceSpec.MiB, true), (dgpu.LocalMemoryBytes, dgpu.ResizableBar, dgpu.BarBytes, dgpu.InitiallyPresent));
        Assert.Equal((448.0, 15.75, 60.0), (dgpu.VramGBps, dgpu.LinkGBps, dgpu.MemoryGBps));
        Assert.Equal([new OutputSpec("hdmi", 60, 1920, 1080, false), new OutputSpec("dp-1", 144, 1920, 1080, false)], dgpu.Outputs.ToArray());

        var egpu = t.Devices[2];
        Assert.Equal((DriverProfile.Xe, 12 * DeviceSpec.GiB, false), (egpu.Profile, egpu.LocalMemoryBytes, egpu.InitiallyPresent));
        Assert.Empty(egpu.Outputs);

        var apu = t.Devices[3];
        Assert.Equal((DeviceKind.RenderOnly, DriverProfile.AmdgpuApu, DeviceSpec.GiB, true), (apu.Kind, apu.Profile, apu.LocalMemoryBytes, apu.HasIommu));

        Assert.Equal([new P2PLink("dgpu", "egpu")], t.P2P.ToArray());
        Assert.Equal(new SystemMemory(4 * DeviceSpec.GiB, 32 * DeviceSpec.GiB, 128 * DeviceSpec.MiB, 12.5) { CpuWcReadGBps = 0.3 }, t.Memory);
    }

    [Fact]
    public void Clients_read_back_as_written()
    {
        var s = ScenarioText.Parse(EveryKeyScenario.Text);
        Assert.Equal(
        [
            new ClientSpec("game", "dgpu", AllocationPolicy.SamplingDevice, 2, 3840, 2160, "AR24", "hdmi", 144, 5, 80),
            new ClientSpec("term", null, AllocationPolicy.MainDevice, 3, 1920, 1080, "XR24", "edp", 60, 0, -1)
            {
                Kind = ClientKind.Terminal, Work = new Workload(GpuMs: 0.5, Touches: 2, Damage: 0.05),
            },
            new ClientSpec("video", "igpu", AllocationPolicy.PrimeBlit, 3, 1920, 1080, "XR24", "dp-1", 30, 0, -1),
            new ClientSpec("tool", "egpu", AllocationPolicy.TrancheWalk, 3, 1920, 1080, "XR24", "edp", 60, 60, -1),
        ], s.Clients.ToArray());
    }

    [Fact]
    public void Timeline_events_read_back_in_frame_order()
    {
        var s = ScenarioText.Parse(EveryKeyScenario.Text);
        Assert.Equal<TimelineEvent>(
        [
            new VramPressure(Frame: 10, "dgpu", Bytes: DeviceSpec.GiB, LeaveFree: -1, Frames: 20, Active: true, Pinned: false),
            new VramPressure(Frame: 20, "egpu", Bytes: 0, LeaveFree: 64 * DeviceSpec.MiB, Frames: 0, Active: false, Pinned: true),
            new UnplugDevice(30, "dgpu"),
            new ReplugDevice(35, "dgpu"),
            new MoveWindow(40, "game", "dp-1"),
            new ClientStop(50, "video"),
            new ClientStart(55, "video"),
            new KnobChange(60, "move-notify", "false"),
            new KnobChange(60, "no-move", "placement"),
        ], s.Timeline.ToArray());
        Assert.Equal(60, s.LastTimelineFrame);
    }

    [Fact]
    public void Variation_axes_read_back_in_key_order()
    {
        var s = ScenarioText.Parse(EveryKeyScenario.Text);
        Assert.Equal(
        [
            "apu.carveout=512MiB|1GiB", "dgpu.link-bandwidth=3.94|15.75", "dgpu.resizable-bar=false|true", "dgpu.vram=2GiB|4GiB",
            "egpu.present=true|false", "game.fps=60|144", "game.start=0|5|10", "term.buffers=2|3", "video.device=igpu|dgpu",
            "video.output=edp|dp-1",
        ], s.Variation.Select(a => $"{a.Key}={string.Join("|", a.Values)}").ToArray());
    }

    [Fact]
    public void Expectations_read_back_as_written()
    {
        var s = ScenarioText.Parse(EveryKeyScenario.Text);
        Assert.Equal(
        [
            new Expectation("*", "invariant-violations == 0", "invariant-violations", false, Comparison.Equal, 0),
            new Expectation("*", "mean(imports) < 1000", "imports", true, Comparison.Less, 1000),
            new Expectation("client-hint", "imports.failed.EINVAL = 0", "imports.failed.EINVAL", false, Comparison.Equal, 0),
            new Expectation("client-hint", "copies.blit <= 10", "copies.blit", false, Comparison.LessOrEqual, 10),
            new Expectation("client-hint", "gpu-us.dgpu > 0", "gpu-us.dgpu", false, Comparison.Greater, 0),
            new Expectation("client-hint", "missed-frames.hdmi != 3", "missed-frames.hdmi", false, Comparison.NotEqual, 3),
            new Expectation("legacy", "import-migrations > 0", "import-migrations", false, Comparison.Greater, 0),
            new Expectation("legacy", "mean(pinned-in-system) >= 1.5", "pinned-in-system", true, Comparison.GreaterOrEqual, 1.5),
        ], s.Expectations.ToArray());
    }

    [Fact]
    public void Absent_keys_take_their_documented_defaults()
    {
        var s = ScenarioText.Parse("""
            scenario {
              topology { devices = [ { id = dgpu, driver = amdgpu, outputs = [hdmi, edp-1] }, { id = udl, driver = usb-display, outputs = [dvi] } ] }
              clients = [ { name = game, output = hdmi } ]
            }
            """);
        Assert.Equal(("S1", "S1", 1UL, 1, 60), (s.Id, s.Name, s.Seed, s.Machines, s.Frames));
        Assert.Equal(Knobs.Default, s.Knobs);
        Assert.Equal(CompositorSpec.Default, s.Compositor);
        Assert.Equal(new CompositorSpec(PrimaryPreset.BuiltInPanel, RenderPreset.FixedPrimary, null, true), s.Compositor);
        Assert.Equal(ImportPolicies.Ids, s.Policies.ToArray());
        Assert.Equal(new ClientSpec("game", null, AllocationPolicy.MainDevice, 3, 1920, 1080, "XR24", "hdmi", 60, 0, -1), Assert.Single(s.Clients));
        Assert.Empty(s.Timeline);
        Assert.Empty(s.Variation);
        Assert.Empty(s.Expectations);

        var t = s.Topology;
        Assert.Equal("S1", t.Name);
        var expected = DeviceSpec.Create("dgpu", DeviceKind.RenderDisplay, DriverProfile.Amdgpu, "hdmi", "edp-1");
        Assert.Equal(expected with { Outputs = [] }, t.Devices[0] with { Outputs = [] });
        Assert.Equal(expected.Outputs.ToArray(), t.Devices[0].Outputs.ToArray());
        Assert.Equal(8 * DeviceSpec.GiB, t.Devices[0].LocalMemoryBytes);
        Assert.Equal([new OutputSpec("hdmi", 60, 1920, 1080, false), new OutputSpec("edp-1", 60, 1920, 1080, true)], t.Devices[0].Outputs.ToArray());
        Assert.Equal(DeviceKind.UsbDisplay, t.Devices[1].Kind);
        Assert.Empty(t.P2P);
        Assert.Equal(SystemMemory.Default, t.Memory);
    }

    [Fact]
    public void The_vgem_vkms_topology_is_built_in()
    {
        var s = ScenarioText.Parse("scenario {\n  topology = vgem-vkms\n  clients = [ { name = c, output = virtual-1 } ]\n}");
        Assert.Same(Topology.VgemVkms, s.Topology);
    }
}
