using Emulation.Actors.Uapi;

namespace Emulation.Tests.Kernel;

public class SmokeTests
{
    private static readonly Topology Laptop = new("t", [
        DeviceSpec.Create("igpu", DeviceKind.RenderDisplay, DriverProfile.I915, "edp"),
        DeviceSpec.Create("dgpu", DeviceKind.RenderDisplay, DriverProfile.Amdgpu, "hdmi"),
    ], [], SystemMemory.Default);

    [Fact]
    public void Foreign_import_then_use_migrates_and_pins()
    {
        // pin-timing=map (6.15 on): the i915 import only attaches; its first use migrates and pins.
        var s = KernelState.Boot(Laptop, Knobs.Preset(KernelPreset.V6_15));
        var client = s.Open(1, true); s = client.State;
        var bo = s.Alloc(client.Value, 32 << 20, Placement.Vram); s = bo.State;
        Assert.True(bo.Ok);
        var fd = s.Export(client.Value, bo.Value.Handle, ExportFlags.CloExec | ExportFlags.ReadWrite); s = fd.State;
        var comp = s.Open(0, false); s = comp.State;
        var imp = s.Import(comp.Value, fd.Value.Fd, 0); s = imp.State;
        Assert.True(imp.Ok, imp.Errno.ToString());
        Assert.Empty(imp.Effects);
        var use = s.Render(comp.Value, imp.Value.Handle); s = use.State;
        Assert.True(use.Ok, use.Errno.ToString());
        Assert.Collection(use.Effects,
            e => Assert.Equal(new Migrated(bo.Value.Bo, Placement.Vram, Placement.Gtt, 32 << 20, MoveCause.Import), e),
            e => Assert.Equal(new Pinned(bo.Value.Bo, Placement.Gtt, PinHolder.Mapping), e));
        Assert.Empty(InvariantChecker.Check(s));
        var close = s.CloseFile(comp.Value); s = close.State;
        Assert.Single(close.Effects);
        Assert.Empty(InvariantChecker.Check(s));
        s = s.CloseFd(fd.Value.Fd).State;
        s = s.CloseFile(client.Value).State;
        Assert.Empty(s.Objects);
        Assert.Empty(s.DmaBufs);
        Assert.All(s.PoolUsed, u => Assert.Equal(0, u));
        Assert.Empty(InvariantChecker.Check(s));
    }
}
