namespace Emulation.Tests.Kernel;

/// <summary>The kernel presets (docs/kernels.md): each knob's default per preset, explicit knobs winning in any order, 7.1's move-notify.</summary>
public sealed class KnobPresetTests
{
    [Theory]
    [InlineData("6.1", "attach", "false", "gtt", "fallback", "amdgpu", "compatible", "unsupported", "unsupported")]
    [InlineData("6.12", "attach", "false", "gtt", "fallback", "amdgpu", "return-if-fits", "unsupported", "unsupported")]
    [InlineData("6.15", "map", "false", "vram-if-all-p2p", "fallback", "amdgpu", "return-if-fits", "unsupported", "unsupported")]
    [InlineData("7.1", "map", "true", "vram-if-all-p2p", "fallback", "amdgpu", "return-if-fits", "unsupported", "unsupported")]
    [InlineData("proposals", "map", "true", "vram-if-all-p2p", "fallback", "amdgpu", "return-if-fits", "placement", "supported")]
    public void Each_preset_sets_every_knob_as_docs_kernels_md_says(string preset, string pinTiming, string moveNotify, string amdgpuPin,
        string newAlloc, string throttle, string ttm, string noMove, string sameDevice)
    {
        var k = Knobs.Default.With("kernel", preset, out var error);
        Assert.Null(error);
        Assert.Equal(
            [preset, pinTiming, moveNotify, noMove, sameDevice, "default", amdgpuPin, newAlloc, throttle, ttm],
            k.AsPairs().Select(p => p.Value));
    }

    [Fact]
    public void The_default_kernel_is_6_12_so_pin_timing_defaults_to_attach()
    {
        Assert.Equal(KernelPreset.V6_12, Knobs.Default.Kernel);
        Assert.Equal(PinTiming.Attach, Knobs.Default.PinTiming);
        Assert.Equal(Knobs.Preset(KernelPreset.V6_12), Knobs.Default);
    }

    [Fact]
    public void A_knob_set_explicitly_wins_over_the_preset_whatever_the_order()
    {
        var presetFirst = Knobs.Default.With("kernel", "6.15", out _).With("pin-timing", "attach", out _);
        var knobFirst = Knobs.Default.With("pin-timing", "attach", out _).With("kernel", "6.15", out _);
        Assert.Equal(presetFirst, knobFirst);
        Assert.Equal((PinTiming.Attach, AmdgpuPin.VramIfAllP2P), (knobFirst.PinTiming, knobFirst.AmdgpuPin));
        // a later preset moves every knob not set explicitly
        var back = knobFirst.With("kernel", "6.1", out _);
        Assert.Equal((PinTiming.Attach, AmdgpuPin.Gtt, TtmFallback.Compatible), (back.PinTiming, back.AmdgpuPin, back.TtmFallback));
    }

    [Fact]
    public void Kernel_7_1_with_move_notify_off_is_refused_in_either_order()
    {
        var a = Knobs.Default.With("kernel", "7.1", out _);
        Assert.Same(a, a.With("move-notify", "false", out var first));
        var b = Knobs.Default.With("move-notify", "false", out _);
        Assert.Same(b, b.With("kernel", "7.1", out var second));
        Assert.All(new[] { first, second }, e => Assert.Contains("from 7.1 move-notify is always on", e));
        Knobs.Default.With("kernel", "proposals", out _).With("move-notify", "true", out var fine);
        Assert.Null(fine);
    }

    [Fact]
    public void Unknown_knobs_and_values_say_what_was_expected()
    {
        Knobs.Default.With("kernel", "6.6", out var badPreset);
        Assert.Equal("bad value '6.6' for knob 'kernel' (expected one of: 6.1, 6.12, 6.15, 7.1, proposals)", badPreset);
        Knobs.Default.With("moverate", "8", out var unknown);
        Assert.StartsWith("unknown knob 'moverate' (expected one of: kernel, pin-timing,", unknown);
    }
}
