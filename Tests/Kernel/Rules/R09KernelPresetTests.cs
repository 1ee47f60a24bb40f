using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>R9 across the kernel presets: when a static importer pins a dynamic exporter's buffer, and 7.1's always-on move-notify.</summary>
public class R09KernelPresetTests
{
    private static (Machine M, int Comp, int Handle, int Bo) LaptopImport(Knobs knobs)
    {
        var m = new Machine(Laptop, knobs);
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, 4 * MiB);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(Igpu);
        return (m, comp, m.Import(comp, fd).Handle, bo.Bo);
    }

    [Theory]
    [InlineData(KernelPreset.V6_1, true)]
    [InlineData(KernelPreset.V6_12, true)]
    [InlineData(KernelPreset.V6_15, false)]
    [InlineData(KernelPreset.V7_1, false)]
    public void R9_the_preset_decides_whether_a_static_importer_pins_inside_fd_to_handle(KernelPreset preset, bool atImport)
    {
        var (m, _, _, bo) = LaptopImport(On(preset));
        Assert.Equal(atImport ? 1 : 0, m.Pins(bo));
        Assert.Equal(atImport ? Placement.Gtt : Placement.Vram, m.Where(bo));
    }

    [Fact]
    public void R9_on_7_1_a_dynamic_importers_map_never_pins_but_a_scanout_still_does()
    {
        var t = TwoAmd(p2p: false);
        var m = new Machine(t, On(KernelPreset.V7_1));
        var client = m.Open(0);
        var bo = m.Alloc(client, 4 * MiB);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(1);
        var h = m.Import(comp, fd).Handle;
        m.Map(comp, h);
        Assert.DoesNotContain(m.Effects, e => e is Pinned);
        Assert.Equal(0, m.Pins(bo.Bo));
        var k = m.S.Knobs.With("move-notify", "false", out var error);
        Assert.Same(m.S.Knobs, k);
        Assert.Contains("kernel = 7.1 with move-notify = false", error);
    }

    [Fact]
    public void R9_on_6_12_a_dynamic_importers_map_pins_because_move_notify_is_off()
    {
        var m = new Machine(TwoAmd(), On(KernelPreset.V6_12));
        var client = m.Open(0);
        var bo = m.Alloc(client, 4 * MiB);
        var comp = m.Open(1);
        var h = m.Import(comp, m.Export(client, bo.Handle).Fd).Handle;
        m.Map(comp, h);
        Assert.Equal(1, m.Pins(bo.Bo));
    }
}
