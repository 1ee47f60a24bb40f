namespace Emulation.Actors.Uapi;

/// <summary>Pool numbering: gtt, system, cma are system-wide; vram and carveout are per device.</summary>
public static class Pools
{
    public static int Count(Topology t) => 3 + 2 * t.Devices.Length;

    public static int Index(Topology t, Placement p, int device) => p switch
    {
        Placement.Gtt => 0,
        Placement.System => 1,
        Placement.Cma => 2,
        Placement.Vram => 3 + 2 * device,
        Placement.Carveout => 4 + 2 * device,
        _ => throw new ArgumentOutOfRangeException(nameof(p), p, "no pool for this placement"),
    };

    /// <summary>The (placement, device) of each pool index; device is -1 for system-wide pools.</summary>
    public static (Placement Placement, int Device) Describe(int index) => index switch
    {
        0 => (Placement.Gtt, -1),
        1 => (Placement.System, -1),
        2 => (Placement.Cma, -1),
        _ => ((index - 3) % 2 == 0 ? Placement.Vram : Placement.Carveout, (index - 3) / 2),
    };

    /// <summary>The capacity of the pool at an index.</summary>
    public static long Capacity(Topology t, int index)
    {
        var (placement, device) = Describe(index);
        return t.Capacity(placement, Math.Max(device, 0));
    }

    /// <summary>The indexes of the pools this machine has (a capacity above zero), in pool order.</summary>
    public static IReadOnlyList<int> WithCapacity(Topology t) => [.. Enumerable.Range(0, Count(t)).Where(i => Capacity(t, i) > 0)];

    /// <summary>Pool name for reports and errors: "vram:dgpu", "gtt".</summary>
    public static string Name(Topology t, int index)
    {
        var (p, d) = Describe(index);
        return d < 0 ? p.Name() : $"{p.Name()}:{t.Devices[d].Id}";
    }
}
