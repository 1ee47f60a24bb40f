using Emulation.Actors.Uapi;
using Emulation.Messages;
using Emulation.Messages.Scenarios;
using Emulation.Messages.Userspace;

namespace Emulation.Tests.Userspace;

/// <summary>R19: a v6 client's sampling device S; the compositor imports only into S; without S it may try all.</summary>
public sealed class R19SamplingDeviceTests
{
    [Fact]
    public void R19_v6_feedback_sends_sampling_tranches_output_device_first_and_no_main_device()
    {
        var rig = new UserspaceRig(Laptops.IntelAmd, ImportPolicy.ClientHint);
        rig.Do(new PlaceSurface(1, "game", "hdmi"));
        var feedback = rig.Compositor.FeedbackFor("game");
        Assert.Equal(6, feedback.Version);
        Assert.Null(feedback.MainDevice);
        Assert.Equal(["dgpu", "igpu"], feedback.Tranches.Select(t => t.Device));
        Assert.All(feedback.Tranches, t => Assert.True(t.Sampling));
        Assert.True(feedback.Tranches[0].Scanout);
    }

    [Fact]
    public void R19_client_hint_imports_only_into_the_sampling_device()
    {
        var rig = new UserspaceRig(Laptops.IntelAmd, ImportPolicy.ClientHint);
        var started = rig.Start(UserspaceRig.Client("game", "igpu", AllocationPolicy.SamplingDevice, "hdmi"));
        Assert.All(started.Created, b => Assert.Equal(("dgpu", "dgpu"), (b.AllocDevice, b.SamplingDevice)));
        Assert.Empty(rig.ImportsOn("igpu"));
        Assert.DoesNotContain(rig.CompositorOutcomes<Import>(), r => r.Errno != Errno.None);
        rig.Frame("game", 0);
        rig.Composite(0, ("game", "dgpu"));
        rig.Do(new FinishCompositor(9));
        Assert.Equal((2L, 0L), (rig.Compositor.Imports.Clean, rig.Compositor.Imports.Pinned + rig.Compositor.Imports.Migrated));
    }

    [Fact]
    public void R19_an_import_into_the_sampling_device_that_fails_is_failed_and_not_tried_elsewhere()
    {
        var rig = new UserspaceRig(Laptops.IntelNvidia, ImportPolicy.ClientHint);
        rig.Do(new PlaceSurface(1, "game", "hdmi"));
        var buffer = ForeignBuffer(rig, "dgpu", sampling: "igpu");
        rig.Do(new CreateBuffers(2, "game", [buffer]));
        var imports = rig.CompositorOutcomes<Import>().ToList();
        var only = Assert.Single(imports);
        Assert.Equal(Errno.EOPNOTSUPP, only.Errno);
        Assert.Equal(1, rig.Compositor.Imports.Failed[(int)Errno.EOPNOTSUPP]);
        Assert.Empty(rig.State.Attachments);
    }

    [Fact]
    public void R19_without_a_sampling_device_the_compositor_tries_every_device()
    {
        var rig = new UserspaceRig(Laptops.IntelNvidia, ImportPolicy.ClientHint);
        rig.Do(new PlaceSurface(1, "game", "hdmi"));
        rig.Do(new CreateBuffers(2, "game", [ForeignBuffer(rig, "dgpu", sampling: null)]));
        var imports = rig.CompositorOutcomes<Import>().ToList();
        Assert.Equal([Errno.EOPNOTSUPP, Errno.None], imports.Select(r => r.Errno));
        Assert.Equal(0, rig.Compositor.Imports.Failed.Sum());
    }

    [Fact]
    public void R19_a_v5_compositor_ignores_sampling_and_sends_a_main_device()
    {
        var rig = new UserspaceRig(Laptops.IntelAmd, ImportPolicy.Legacy);
        rig.Do(new PlaceSurface(1, "game", "hdmi"));
        var feedback = rig.Compositor.FeedbackFor("game");
        Assert.Equal((5, "igpu"), (feedback.Version, feedback.MainDevice));
        Assert.Equal(["dgpu", "igpu"], feedback.Tranches.Select(t => t.Device));
        Assert.DoesNotContain(feedback.Tranches, t => t.Sampling);
        var started = rig.Start(UserspaceRig.Client("game", "igpu", AllocationPolicy.SamplingDevice, "hdmi"));
        Assert.All(started.Created, b => Assert.Null(b.SamplingDevice));
    }

    /// <summary>A buffer allocated and exported on <paramref name="device"/> by some client, as a wl_buffer.</summary>
    private static ClientBuffer ForeignBuffer(UserspaceRig rig, string device, string? sampling)
    {
        var open = rig.Kernel.Apply(new Open(device, true));
        var alloc = rig.Kernel.Apply(new Alloc(open.Value, 8 << 20, Placement.Vram));
        var export = rig.Kernel.Apply(new Export(open.Value, alloc.Value.Handle, ExportFlags.CloExec));
        return new ClientBuffer(1, export.Value.Fd, 8 << 20, device, sampling);
    }
}
