namespace Emulation.Actors.Uapi;

/// <summary>Where a buffer object's pages live (docs/rules.md, "Placements and reachability"). <see cref="None"/> is a freed or revoked BO.</summary>
public enum Placement : byte
{
    None = 0,
    Vram = 1,
    Gtt = 2,
    System = 3,
    Cma = 4,
    Carveout = 5,
}

/// <summary>A set of placements (a BO's allowed domains, a pin target, what a device can scan out).</summary>
[Flags]
public enum Placements : byte
{
    None = 0,
    Vram = 1 << 0,
    Gtt = 1 << 1,
    System = 1 << 2,
    Cma = 1 << 3,
    Carveout = 1 << 4,
}

public static class PlacementNames
{
    /// <summary>The placement words used everywhere: files, traces, reports.</summary>
    public static string Name(this Placement p) => p switch
    {
        Placement.Vram => "vram",
        Placement.Gtt => "gtt",
        Placement.System => "system",
        Placement.Cma => "cma",
        Placement.Carveout => "carveout",
        _ => "none",
    };

    public static readonly IReadOnlyList<string> All = ["vram", "gtt", "system", "cma", "carveout"];

    public static bool TryParse(string text, out Placement placement)
    {
        placement = text switch
        {
            "vram" => Placement.Vram,
            "gtt" => Placement.Gtt,
            "system" => Placement.System,
            "cma" => Placement.Cma,
            "carveout" => Placement.Carveout,
            _ => Placement.None,
        };
        return placement != Placement.None;
    }

    public static Placements Bit(this Placement p) => p switch
    {
        Placement.Vram => Placements.Vram,
        Placement.Gtt => Placements.Gtt,
        Placement.System => Placements.System,
        Placement.Cma => Placements.Cma,
        Placement.Carveout => Placements.Carveout,
        _ => Placements.None,
    };

    public static bool Has(this Placements set, Placement p) => p != Placement.None && (set & p.Bit()) != 0;

    /// <summary>The placements of a set in eviction-chain order (vram, carveout, gtt, system, cma).</summary>
    public static IEnumerable<Placement> InChainOrder(this Placements set)
    {
        foreach (var p in ChainOrder)
            if (set.Has(p)) yield return p;
    }

    private static readonly Placement[] ChainOrder =
        [Placement.Vram, Placement.Carveout, Placement.Gtt, Placement.System, Placement.Cma];

    /// <summary>Where TTM evicts a BO from this placement (R14): vram/carveout to gtt, gtt to system.</summary>
    public static Placement EvictTarget(this Placement p) => p switch
    {
        Placement.Vram or Placement.Carveout => Placement.Gtt,
        Placement.Gtt => Placement.System,
        _ => Placement.None,
    };

    /// <summary>A placement and its eviction chain: vram -> gtt -> system (the `alloc` default).</summary>
    public static Placements WithEvictionChain(this Placement p)
    {
        var set = Placements.None;
        for (var q = p; q != Placement.None; q = q.EvictTarget())
            set |= q.Bit();
        return set;
    }

    /// <summary>Device-local memory (a move out of it is a real copy; an export leaving it notifies, R12).</summary>
    public static bool IsDeviceLocal(this Placement p) => p is Placement.Vram or Placement.Carveout;

    /// <summary>System pages any DMA-capable device can reach without a move (docs/rules.md, reachability).</summary>
    public static bool IsSystemClass(this Placement p) => p is Placement.Gtt or Placement.System or Placement.Cma;
}
