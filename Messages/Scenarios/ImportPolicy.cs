namespace Emulation.Messages.Scenarios;

/// <summary>How a compositor imports a client's dma-buf (docs/scenarios.md, "The compositor"): the heart of the experiment.</summary>
public enum ImportPolicy : byte
{
    /// <summary>Import into the primary device (today's behaviour, incl. wlroots' validation probe).</summary>
    Legacy,
    /// <summary>NO_MOVE on every device, primary first (the RFC), else legacy.</summary>
    NoMoveProbePrimaryFirst,
    /// <summary>NO_MOVE on every device, the surface's output device first, else legacy.</summary>
    NoMoveProbeOutputFirst,
    /// <summary>SAME_DEVICE probe on each device, else legacy.</summary>
    SameDevice,
    /// <summary>A dynamic importer that never pins (R18).</summary>
    DynamicNoPin,
    /// <summary>linux-dmabuf v6 sampling device (R19); per-surface feedback steers clients.</summary>
    ClientHint,
    /// <summary>Never import outside the allocating device; copy instead (Smithay).</summary>
    ShadowCopy,
}

public static class ImportPolicies
{
    /// <summary>The policy ids, in their documented order (reports list policies in this order).</summary>
    public static readonly IReadOnlyList<string> Ids =
    [
        "legacy", "no-move-probe/primary-first", "no-move-probe/output-first", "same-device",
        "dynamic-no-pin", "client-hint", "shadow-copy",
    ];

    public static string Id(this ImportPolicy p) => Ids[(int)p];

    public static bool TryParse(string id, out ImportPolicy policy)
    {
        for (var i = 0; i < Ids.Count; i++)
        {
            if (Ids[i] != id) continue;
            policy = (ImportPolicy)i;
            return true;
        }
        policy = default;
        return false;
    }
}
