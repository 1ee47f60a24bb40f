using Emulation.Actors.Uapi;

namespace Emulation.Tests.Kernel.Support;

/// <summary>Small topologies and knob sets for the rule tests.</summary>
internal static class Rigs
{
    public const long MiB = DeviceSpec.MiB;

    /// <summary>A device of a profile with the kind that profile usually has.</summary>
    public static DeviceSpec Dev(string id, DriverProfile profile, params string[] outputs) =>
        DeviceSpec.Create(id, KindOf(profile, outputs), profile, outputs);

    private static DeviceKind KindOf(DriverProfile profile, string[] outputs)
    {
        if (profile == DriverProfile.UsbDisplay) return DeviceKind.UsbDisplay;
        if (profile == DriverProfile.CmaKms) return DeviceKind.DisplayOnly;
        return outputs.Length == 0 && profile == DriverProfile.GenericGem ? DeviceKind.RenderOnly : DeviceKind.RenderDisplay;
    }

    public static Topology Topo(params DeviceSpec[] devices) => new("test", [.. devices], [], SystemMemory.Default);

    public static Topology Peers(this Topology t, string a, string b) => t with { P2P = [.. t.P2P, new P2PLink(a, b)] };

    public static Topology Memory(this Topology t, long gtt, long system = 64 * MiB, long cma = 64 * MiB) =>
        t with { Memory = t.Memory with { GttBytes = gtt, SystemBytes = system, CmaBytes = cma } };

    public static DeviceSpec Rebar(this DeviceSpec d) => d with { ResizableBar = true };

    public static DeviceSpec Local(this DeviceSpec d, long bytes) => d with { LocalMemoryBytes = bytes };

    /// <summary>Intel integrated (i915, device 0, eDP) and AMD discrete (amdgpu, device 1, HDMI).</summary>
    public static Topology Laptop => Topo(Dev("igpu", DriverProfile.I915, "edp"), Dev("dgpu", DriverProfile.Amdgpu, "hdmi"));

    public const int Igpu = 0;
    public const int Dgpu = 1;

    /// <summary>Two amdgpu dGPUs, "a" (device 0, exporter, HDMI) and "b" (device 1, importer).</summary>
    public static Topology TwoAmd(bool p2p = false, bool rebar = false)
    {
        var a = Dev("a", DriverProfile.Amdgpu, "hdmi");
        var t = Topo(rebar ? a.Rebar() : a, Dev("b", DriverProfile.Amdgpu));
        return p2p ? t.Peers("a", "b") : t;
    }

    /// <summary>An exporter of one profile (device 0) and an importer of another (device 1), no P2P.</summary>
    public static Topology Pair(DriverProfile exporter, DriverProfile importer) =>
        Topo(Dev("exp", exporter, "out-exp"), Dev("imp", importer, "out-imp"));

    /// <summary>
    /// The knobs the rule tests start from unless they name others: the rules' base behaviour, each refinement
    /// off (a static importer pins on first use, move-notify off, an allocator that evicts, no move throttle, any
    /// allowed placement compatible with a validation), on the 6.15 preset. The presets' own tests name theirs.
    /// </summary>
    public static readonly Knobs Base = Settings(Knobs.Preset(KernelPreset.V6_15), "pin-timing=map", "move-notify=false",
        "amdgpu-pin=vram-if-all-p2p", "new-alloc-under-pressure=evict", "move-throttle=off", "ttm-fallback=compatible");

    /// <summary>Knobs from their words (docs/rules.md, Knobs) over <see cref="Base"/>, e.g. <c>K("move-notify=true", "pin-timing=attach")</c>.</summary>
    public static Knobs K(params string[] settings) => Settings(Base, settings);

    /// <summary>Knobs from their words over a preset, e.g. <c>On(KernelPreset.V6_1, "move-notify=true")</c>.</summary>
    public static Knobs On(KernelPreset preset, params string[] settings) => Settings(Knobs.Preset(preset), settings);

    private static Knobs Settings(Knobs knobs, params string[] settings)
    {
        foreach (var setting in settings)
        {
            var parts = setting.Split('=');
            knobs = knobs.With(parts[0], parts[1], out var error);
            Assert.Null(error);
        }
        return knobs;
    }
}
