namespace Emulation.Actors.Uapi;

/// <summary>When a static importer attaching a dynamic exporter's buffer maps and pins it (R9).</summary>
public enum PinTiming : byte { Map, Attach }

public enum NoMoveSupport : byte { Unsupported, Placement, RfcHook }

public enum SameDeviceSupport : byte { Unsupported, Supported }

public enum RespectsAttachments : byte { Default, True, False }

/// <summary>A kernel release whose behaviour the presets reproduce (docs/kernels.md has each row with its sources).</summary>
public enum KernelPreset : byte
{
    /// <summary>6.1 (Debian 12).</summary>
    V6_1,
    /// <summary>6.12 LTS with its 2025 stable fixes (6.12.25 and later).</summary>
    V6_12,
    /// <summary>6.15.</summary>
    V6_15,
    /// <summary>7.1: move-notify always on (CONFIG_DMABUF_MOVE_NOTIFY is gone).</summary>
    V7_1,
    /// <summary>7.1 with the proposals under discussion: NO_MOVE (placement) and SAME_DEVICE.</summary>
    Proposals,
}

/// <summary>Where amdgpu pins an exported buffer (amdgpu_dma_buf_pin).</summary>
public enum AmdgpuPin : byte
{
    /// <summary>Always GTT (up to 6.14, and 6.12.y).</summary>
    Gtt,
    /// <summary>VRAM when move-notify is on and every attachment is peer-to-peer, in CPU-visible VRAM (6.15 on).</summary>
    VramIfAllP2P,
}

/// <summary>Where a new buffer that may live in GTT goes when VRAM is full (R14).</summary>
public enum NewAllocUnderPressure : byte
{
    /// <summary>It evicts others to fit in VRAM (6.10 to 6.14, and 6.12.0 to 6.12.24).</summary>
    Evict,
    /// <summary>It goes straight to GTT, evicting nothing (6.1's TTM; 6.12.25 and 6.15 on).</summary>
    Fallback,
}

/// <summary>Whether amdgpu's owner validations are throttled by a move budget (R14).</summary>
public enum MoveThrottle : byte { Off, Amdgpu }

/// <summary>What a validation that accepts every allowed placement does with a buffer outside its preferred one (R14).</summary>
public enum TtmFallback : byte
{
    /// <summary>Any allowed placement is compatible: the buffer stays (TTM up to 6.9: busy placements).</summary>
    Compatible,
    /// <summary>GTT is a fallback placement: the buffer goes back to VRAM when it fits without evicting (TTM 6.10 on).</summary>
    ReturnIfFits,
}

/// <summary>
/// The kernel knobs: one name everywhere (scenario files' `kernel { ... }`, trace `knob` lines, `--knob`).
/// <see cref="Kernel"/> is a preset that gives every other knob its default; a knob set explicitly wins over
/// the preset whatever the order in which the two are set (<see cref="Explicit"/> remembers which were).
/// Each knob is defined once in <see cref="All"/>: its name, values, and default under each preset.
/// </summary>
public sealed record Knobs
{
    public KernelPreset Kernel { get; init; }
    public PinTiming PinTiming { get; init; }
    public bool MoveNotify { get; init; }
    public NoMoveSupport NoMove { get; init; }
    public SameDeviceSupport SameDevice { get; init; }
    public RespectsAttachments RespectsAttachments { get; init; }
    public AmdgpuPin AmdgpuPin { get; init; }
    public NewAllocUnderPressure NewAllocUnderPressure { get; init; }
    public MoveThrottle MoveThrottle { get; init; }
    public TtmFallback TtmFallback { get; init; }

    /// <summary>The knobs set explicitly (by name), which a later preset does not change.</summary>
    public ExplicitKnobs Explicit { get; init; }

    /// <summary>One knob: its name, its values in order, and how it reads, sets and defaults per preset.</summary>
    public sealed record Knob(
        string Name,
        IReadOnlyList<string> Values,
        Func<Knobs, string> Get,
        Func<Knobs, string, Knobs> Set,
        Func<KernelPreset, string> Default,
        ExplicitKnobs Bit);

    public static readonly IReadOnlyList<string> PresetIds = ["6.1", "6.12", "6.15", "7.1", "proposals"];

    private static readonly IReadOnlyList<string> NoMoveWords = ["unsupported", "placement", "rfc-hook"];
    private static readonly IReadOnlyList<string> RespectsWords = ["default", "true", "false"];

    /// <summary>Every knob, preset first, in the order reports list them.</summary>
    public static readonly IReadOnlyList<Knob> All =
    [
        new("kernel", PresetIds, k => PresetIds[(int)k.Kernel], (k, v) => k with { Kernel = (KernelPreset)Index(PresetIds, v) },
            _ => "6.12", ExplicitKnobs.None),
        new("pin-timing", ["attach", "map"], k => k.PinTiming == PinTiming.Attach ? "attach" : "map",
            (k, v) => k with { PinTiming = v == "attach" ? PinTiming.Attach : PinTiming.Map },
            p => p is KernelPreset.V6_1 or KernelPreset.V6_12 ? "attach" : "map", ExplicitKnobs.PinTiming),
        new("move-notify", ["true", "false"], k => k.MoveNotify ? "true" : "false", (k, v) => k with { MoveNotify = v == "true" },
            p => p is KernelPreset.V7_1 or KernelPreset.Proposals ? "true" : "false", ExplicitKnobs.MoveNotify),
        new("no-move", ["unsupported", "placement", "rfc-hook"], k => Words(NoMoveWords, k.NoMove),
            (k, v) => k with { NoMove = (NoMoveSupport)Index(NoMoveWords, v) },
            p => p == KernelPreset.Proposals ? "placement" : "unsupported", ExplicitKnobs.NoMove),
        new("same-device", ["unsupported", "supported"], k => k.SameDevice == SameDeviceSupport.Supported ? "supported" : "unsupported",
            (k, v) => k with { SameDevice = v == "supported" ? SameDeviceSupport.Supported : SameDeviceSupport.Unsupported },
            p => p == KernelPreset.Proposals ? "supported" : "unsupported", ExplicitKnobs.SameDevice),
        new("respects-attachments", ["default", "true", "false"], k => Words(RespectsWords, k.RespectsAttachments),
            (k, v) => k with { RespectsAttachments = (RespectsAttachments)Index(RespectsWords, v) }, _ => "default",
            ExplicitKnobs.RespectsAttachments),
        new("amdgpu-pin", ["gtt", "vram-if-all-p2p"], k => k.AmdgpuPin == AmdgpuPin.Gtt ? "gtt" : "vram-if-all-p2p",
            (k, v) => k with { AmdgpuPin = v == "gtt" ? AmdgpuPin.Gtt : AmdgpuPin.VramIfAllP2P },
            p => p is KernelPreset.V6_1 or KernelPreset.V6_12 ? "gtt" : "vram-if-all-p2p", ExplicitKnobs.AmdgpuPin),
        new("new-alloc-under-pressure", ["evict", "fallback"], k => k.NewAllocUnderPressure == NewAllocUnderPressure.Evict ? "evict" : "fallback",
            (k, v) => k with { NewAllocUnderPressure = v == "evict" ? NewAllocUnderPressure.Evict : NewAllocUnderPressure.Fallback },
            _ => "fallback", ExplicitKnobs.NewAllocUnderPressure),
        new("move-throttle", ["off", "amdgpu"], k => k.MoveThrottle == MoveThrottle.Off ? "off" : "amdgpu",
            (k, v) => k with { MoveThrottle = v == "off" ? MoveThrottle.Off : MoveThrottle.Amdgpu }, _ => "amdgpu", ExplicitKnobs.MoveThrottle),
        new("ttm-fallback", ["compatible", "return-if-fits"], k => k.TtmFallback == TtmFallback.Compatible ? "compatible" : "return-if-fits",
            (k, v) => k with { TtmFallback = v == "compatible" ? TtmFallback.Compatible : TtmFallback.ReturnIfFits },
            p => p == KernelPreset.V6_1 ? "compatible" : "return-if-fits", ExplicitKnobs.TtmFallback),
    ];

    /// <summary>The knobs of a preset, none set explicitly.</summary>
    public static Knobs Preset(KernelPreset preset) =>
        All.Skip(1).Aggregate(new Knobs { Kernel = preset }, (k, knob) => knob.Set(k, knob.Default(preset)));

    /// <summary>The default kernel: the `6.12` preset.</summary>
    public static readonly Knobs Default = Preset(KernelPreset.V6_12);

    public static readonly IReadOnlyList<string> Names = [.. All.Select(k => k.Name)];

    /// <summary>The values a knob accepts, in order (none for an unknown knob).</summary>
    public static IReadOnlyList<string> ValuesOf(string name) => Find(name)?.Values ?? [];

    public static Knob? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>
    /// Sets one knob by name: `kernel` moves every knob not set explicitly to the preset's default, any other
    /// knob is set and remembered as explicit. Returns this (unchanged) and an error text saying what was
    /// expected on bad input: an unknown knob or value, or `move-notify = false` with a kernel that has no
    /// CONFIG_DMABUF_MOVE_NOTIFY any more (7.1 on).
    /// </summary>
    public Knobs With(string name, string value, out string? error)
    {
        error = null;
        if (Find(name) is not { } knob)
        {
            error = $"unknown knob '{name}' (expected one of: {string.Join(", ", Names)})";
            return this;
        }
        if (!knob.Values.Contains(value))
        {
            error = $"bad value '{value}' for knob '{name}' (expected one of: {string.Join(", ", knob.Values)})";
            return this;
        }
        var next = knob.Set(this, value);
        if (knob.Bit == ExplicitKnobs.None)
        {
            foreach (var other in All.Skip(1).Where(k => (Explicit & k.Bit) == 0))
                next = other.Set(next, other.Default(next.Kernel));
        }
        else next = next with { Explicit = Explicit | knob.Bit };
        if (next.Kernel is KernelPreset.V7_1 or KernelPreset.Proposals && !next.MoveNotify)
        {
            error = $"kernel = {PresetIds[(int)next.Kernel]} with move-notify = false: from 7.1 move-notify is always on " +
                    "(CONFIG_DMABUF_MOVE_NOTIFY is gone); expected move-notify = true, or a kernel before 7.1 (6.1, 6.12, 6.15)";
            return this;
        }
        return next;
    }

    /// <summary>The value of one knob as its word.</summary>
    public string ValueOf(string name) =>
        (Find(name) ?? throw new ArgumentException($"unknown knob '{name}'", nameof(name))).Get(this);

    /// <summary>Every knob's resolved value as (name, value), preset first.</summary>
    public IEnumerable<KeyValuePair<string, string>> AsPairs() => All.Select(k => new KeyValuePair<string, string>(k.Name, k.Get(this)));

    private static int Index(IReadOnlyList<string> words, string word)
    {
        for (var i = 0; i < words.Count; i++)
            if (words[i] == word) return i;
        throw new ArgumentException($"'{word}' is none of {string.Join(", ", words)}", nameof(word));
    }

    private static string Words<T>(IReadOnlyList<string> words, T value) where T : Enum => words[Convert.ToInt32(value)];
}

/// <summary>Which knobs were set explicitly (a preset set later does not change them).</summary>
[Flags]
public enum ExplicitKnobs : ushort
{
    None = 0,
    PinTiming = 1 << 0,
    MoveNotify = 1 << 1,
    NoMove = 1 << 2,
    SameDevice = 1 << 3,
    RespectsAttachments = 1 << 4,
    AmdgpuPin = 1 << 5,
    NewAllocUnderPressure = 1 << 6,
    MoveThrottle = 1 << 7,
    TtmFallback = 1 << 8,
}
