using Emulation.Actors.Uapi;
using Emulation.Messages.Scenarios;

namespace Emulation.Tests.Userspace;

/// <summary>R20, userspace part: the compositor drops an unplugged device's outputs and tranches, clients reallocate.</summary>
public sealed class R20UserspaceTests
{
    private static UserspaceRig StartedGame(ImportPolicy policy = ImportPolicy.Legacy)
    {
        var rig = new UserspaceRig(Laptops.IntelAmd, policy);
        rig.Start(UserspaceRig.Client("game", null, AllocationPolicy.TrancheWalk, "hdmi"));
        return rig;
    }

    [Fact]
    public void R20_unplug_drops_the_devices_tranches_from_feedback()
    {
        var rig = StartedGame();
        Assert.Contains(rig.Compositor.FeedbackFor("game").Tranches, t => t.Device == "dgpu");
        rig.Unplug("dgpu");
        Assert.DoesNotContain(rig.Compositor.FeedbackFor("game").Tranches, t => t.Device == "dgpu");
    }

    [Fact]
    public void R20_unplug_makes_clients_on_the_device_reallocate_on_a_present_one()
    {
        var rig = StartedGame();
        var program = rig.ProgramOf("game");
        Assert.Equal(rig.Topology.IndexOf("dgpu"), program.Placement!.BufferDevice);
        rig.Unplug("dgpu");
        Assert.Equal(rig.Topology.IndexOf("igpu"), program.Placement!.BufferDevice);
        Assert.All(rig.State.Objects.Values.Where(b => b.Device == rig.Topology.IndexOf("igpu") && !b.IsImport && b.Size == 1920 * 1080 * 4),
            b => Assert.NotEqual(Placement.None, b.Current));
        var frame = rig.Frame("game", 1);
        Assert.NotNull(frame.Committed);
        Assert.Empty(InvariantChecker.Check(rig.State));
    }

    [Fact]
    public void R20_an_unplugged_devices_outputs_are_not_composited()
    {
        var rig = StartedGame();
        Assert.Contains(rig.Composite(0).Outputs, o => o.Output == "hdmi");
        rig.Unplug("dgpu");
        var frame = rig.Composite(1);
        Assert.DoesNotContain(frame.Outputs, o => o.Output == "hdmi");
        Assert.Contains(frame.Outputs, o => o.Output == "edp" && !o.Blank);
    }

    [Fact]
    public void R20_windows_on_an_unplugged_devices_outputs_move_to_a_present_output()
    {
        var rig = StartedGame();
        rig.Unplug("dgpu");
        var feedback = rig.Compositor.FeedbackFor("game");
        Assert.Equal("igpu", Assert.Single(feedback.Tranches).Device);
        rig.Frame("game", 1);
        var frame = rig.Composite(1, ("game", "igpu"));
        Assert.Contains(frame.Outputs, o => o.Output == "edp" && o.Devices.Contains("igpu") && !o.Blank);
    }

    [Fact]
    public void R20_replug_reopens_the_device_its_outputs_and_tranches()
    {
        var rig = StartedGame();
        rig.Unplug("dgpu");
        rig.Replug("dgpu");
        rig.Move("game", "hdmi");
        Assert.Contains(rig.Compositor.FeedbackFor("game").Tranches, t => t.Device == "dgpu");
        Assert.Equal(rig.Topology.IndexOf("dgpu"), rig.ProgramOf("game").Placement!.BufferDevice);
        rig.Frame("game", 2);
        var frame = rig.Composite(2, ("game", "dgpu"));
        Assert.Contains(frame.Outputs, o => o.Output == "hdmi" && !o.Blank);
        Assert.Empty(InvariantChecker.Check(rig.State));
    }

    [Fact]
    public void R20_unplugging_the_primary_makes_another_device_primary()
    {
        var rig = StartedGame();
        Assert.Equal(rig.Topology.IndexOf("igpu"), rig.Compositor.Primary);
        rig.Unplug("igpu");
        Assert.Equal(rig.Topology.IndexOf("dgpu"), rig.Compositor.Primary);
        Assert.Equal("dgpu", rig.Compositor.FeedbackFor("game").MainDevice);
    }
}
