namespace Emulation.Messages.Scenarios;

/// <summary>How a compositor picks its primary GPU (mutter, wlroots, KWin, cosmic heuristics).</summary>
public enum PrimaryPreset : byte
{
    /// <summary>The device flagged boot_vga (wlroots, a last resort elsewhere).</summary>
    BootVga,
    /// <summary>The GPU driving a connected built-in panel (mutter, cosmic-comp).</summary>
    BuiltInPanel,
    /// <summary>The platform/integrated device (mutter's second choice).</summary>
    Integrated,
    /// <summary>The first device listed (KWin's first added GPU, WLR_DRM_DEVICES order).</summary>
    FirstListed,
}

/// <summary>Where the compositor renders each output.</summary>
public enum RenderPreset : byte
{
    /// <summary>Always on the primary GPU (wlroots, mutter, KWin).</summary>
    FixedPrimary,
    /// <summary>Per output, per frame (cosmic-comp's render_node_for_output).</summary>
    PerOutput,
}

/// <summary>The rungs of the secondary-output copy ladder, best first.</summary>
public enum CopyRung : byte
{
    /// <summary>The output's device scans out the render GPU's buffer directly.</summary>
    ZeroCopy,
    /// <summary>The output's GPU imports the frame and blits it into its own buffer.</summary>
    Blit,
    /// <summary>The render GPU copies into a linear buffer of the output's device.</summary>
    GpuCopy,
    /// <summary>The CPU copies into a dumb buffer of the output's device.</summary>
    CpuCopy,
}

public static class CopyRungs
{
    public static readonly IReadOnlyList<string> Ids = ["zero-copy", "blit", "gpu-copy", "cpu-copy"];

    public static string Id(this CopyRung r) => Ids[(int)r];
}

/// <summary>The compositor of a scenario.</summary>
/// <param name="ForcedRung">Force one rung of the copy ladder (mutter's MUTTER_DEBUG_MULTI_GPU_FORCE_COPY_MODE); null: walk the ladder.</param>
/// <param name="StickyFallback">A failed rung is never retried for that output (mutter); false retries each frame.</param>
public sealed record CompositorSpec(PrimaryPreset Primary, RenderPreset Render, CopyRung? ForcedRung, bool StickyFallback)
{
    public static readonly CompositorSpec Default = new(PrimaryPreset.BuiltInPanel, RenderPreset.FixedPrimary, null, true);

    public static readonly IReadOnlyList<string> PrimaryIds = ["boot-vga", "built-in-panel", "integrated", "first-listed"];
    public static readonly IReadOnlyList<string> RenderIds = ["fixed-primary", "per-output"];
}
