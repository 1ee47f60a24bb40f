using Emulation.Actors.Uapi;
using Emulation.Messages;
using Emulation.Messages.Scenarios;
using Emulation.Messages.Userspace;

namespace Emulation.Tests.Userspace;

/// <summary>The compositor's import policies of docs/scenarios.md on T01's shape: a dGPU game shown on the dGPU's HDMI.</summary>
public sealed class ImportPolicyTests
{
    private static readonly Knobs Everything = Knobs.Default
        .With("no-move", "placement", out _).With("same-device", "supported", out _).With("move-notify", "true", out _);

    private static UserspaceRig Game(ImportPolicy policy, Knobs? knobs = null)
    {
        var rig = new UserspaceRig(Laptops.IntelAmd, policy, knobs);
        rig.Start(UserspaceRig.Client("game", "dgpu", AllocationPolicy.MainDevice, "hdmi", buffers: 1));
        rig.Frame("game", 0);
        rig.Composite(0, ("game", "dgpu"));
        rig.Do(new FinishCompositor(99));
        return rig;
    }

    /// <summary>The game's buffer: the first one exported in the machine.</summary>
    private static GemObject GameBuffer(UserspaceRig rig) => rig.State.Objects[rig.State.DmaBufs.Values.First().ExporterBo];

    private static List<(string Op, Errno Errno)> Calls(UserspaceRig rig) => rig.CompositorCalls
        .Where(c => c.Ioctl is Import or GemClose)
        .Select(c => (c.Ioctl is Import ? "import" : "close", c.Outcome.Errno)).ToList();


    [Fact]
    public void Legacy_imports_into_the_primary_after_wlroots_validation_probe_and_pins_in_system_memory()
    {
        var rig = Game(ImportPolicy.Legacy, Everything);
        Assert.Equal([("import", Errno.None), ("close", Errno.None), ("import", Errno.None)], Calls(rig).Take(3));
        Assert.Single(rig.ImportsOn("igpu"), b => rig.State.PagesOf(b).Id == GameBuffer(rig).Id);
        Assert.Equal(1, rig.Compositor.Imports.Pinned);
        var game = GameBuffer(rig);
        Assert.Equal((Placement.Gtt, 1), (game.Current, game.PinCount));
    }

    [Fact]
    public void No_move_probe_falls_back_to_legacy_on_a_kernel_without_the_flag()
    {
        var rig = Game(ImportPolicy.NoMoveProbePrimaryFirst);
        Assert.Equal([("import", Errno.None), ("close", Errno.None), ("import", Errno.None)], Calls(rig).Take(3));
        Assert.Single(rig.ImportsOn("igpu"), b => rig.State.PagesOf(b).Id == GameBuffer(rig).Id);
    }

    [Fact]
    public void No_move_probe_primary_first_fails_on_the_igpu_without_side_effects_then_imports_on_the_dgpu()
    {
        var rig = Game(ImportPolicy.NoMoveProbePrimaryFirst, Everything);
        Assert.Equal([("import", Errno.EINVAL), ("import", Errno.None)], Calls(rig).Take(2));
        Assert.DoesNotContain(rig.ImportsOn("igpu"), b => rig.State.PagesOf(b).Id == GameBuffer(rig).Id);
        Assert.Equal(1, rig.Compositor.Imports.Clean);
    }

    [Fact]
    public void No_move_probe_output_first_tries_the_outputs_device_first()
    {
        var rig = Game(ImportPolicy.NoMoveProbeOutputFirst, Everything);
        Assert.Equal(("import", Errno.None), Calls(rig)[0]);
        Assert.DoesNotContain(rig.ImportsOn("igpu"), b => rig.State.PagesOf(b).Id == GameBuffer(rig).Id);
        Assert.Equal(1, rig.Compositor.Imports.Clean);
    }

    [Fact]
    public void Same_device_probe_finds_the_allocating_device()
    {
        var rig = Game(ImportPolicy.SameDevice, Everything);
        Assert.Equal([("import", Errno.EINVAL), ("import", Errno.None)], Calls(rig).Take(2));
        Assert.Equal(1, rig.Compositor.Imports.Clean);
    }

    [Fact]
    public void Dynamic_no_pin_imports_dynamically_and_never_pins_with_move_notify_on()
    {
        var rig = Game(ImportPolicy.DynamicNoPin, Everything);
        var a = Assert.Single(rig.State.Attachments.Values, a => rig.State.Objects[a.ExporterBo].Preferred == Placement.Vram && a.ImporterDevice == 0);
        Assert.True(a.Dynamic);
        Assert.False(a.MapPinned);
        Assert.Equal((0L, 1L), (rig.Compositor.Imports.Pinned, rig.Compositor.Imports.Migrated));
    }

    [Fact]
    public void Dynamic_no_pin_is_legacy_without_move_notify()
    {
        var rig = Game(ImportPolicy.DynamicNoPin);
        Assert.Equal(1, rig.Compositor.Imports.Pinned);
    }

    [Fact]
    public void Shadow_copy_imports_on_the_allocating_device_and_copies_for_the_primary()
    {
        var rig = new UserspaceRig(Laptops.IntelAmd, ImportPolicy.ShadowCopy);
        rig.Start(UserspaceRig.Client("game", "dgpu", AllocationPolicy.MainDevice, "hdmi", buffers: 1));
        rig.Frame("game", 0);
        var frame = rig.Composite(0, ("game", "dgpu"));
        Assert.Equal(1, frame.Copies[(int)CopyRung.GpuCopy] - 0);
        Assert.Contains(frame.Outputs, o => o.Output == "hdmi" && o.Devices.Contains("dgpu") && o.Devices.Contains("igpu"));
        rig.Do(new FinishCompositor(99));
        Assert.Equal(1, rig.Compositor.Imports.Clean);
        Assert.Equal(0, rig.Kernel.Tally.ImportMigrations.Client);
    }
}
