using Emulation.Actors.Uapi;
using FsCheck;
using FsCheck.Fluent;

namespace Emulation.Tests.Kernel.Properties;

/// <summary>How often each operation is drawn, and how small the pools are.</summary>
public sealed record Mix(IReadOnlyDictionary<OpKind, int> Weights, int MinLocalMiB, int MaxLocalMiB, int MinGttMiB, int MaxGttMiB)
{
    /// <summary>Weight of each profile of <see cref="DriverProfile.All"/> (in the order of docs/scenarios.md's driver table) when drawing a device.</summary>
    public IReadOnlyList<int> ProfileWeights { get; init; } = [3, 2, 3, 3, 2, 2, 1, 2, 1, 1];

    /// <summary>Weight of move-notify = true among the random knobs (of 4).</summary>
    public int MoveNotifyOn { get; init; } = 2;

    private static readonly Dictionary<OpKind, int> Base = new()
    {
        [OpKind.Open] = 4, [OpKind.CloseFile] = 2, [OpKind.CreateDumb] = 4, [OpKind.Alloc] = 10,
        [OpKind.GemClose] = 5, [OpKind.Export] = 14, [OpKind.Import] = 14, [OpKind.ImportBadFd] = 1,
        [OpKind.CloseFd] = 3, [OpKind.Dup] = 2, [OpKind.SeekEnd] = 1, [OpKind.SeekBad] = 1,
        [OpKind.Write] = 2, [OpKind.Read] = 2, [OpKind.Map] = 10, [OpKind.Unmap] = 5,
        [OpKind.Render] = 12, [OpKind.Query] = 3, [OpKind.AddFramebuffer] = 3, [OpKind.Scanout] = 6,
        [OpKind.Pressure] = 4, [OpKind.ReleasePressure] = 2, [OpKind.Unplug] = 1, [OpKind.Replug] = 2,
        [OpKind.SetKnob] = 2, [OpKind.Tick] = 3,
    };

    /// <summary>Everything, in proportions that build up sharing before tearing it down.</summary>
    public static readonly Mix General = new(Base, 4, 16, 8, 24);

    /// <summary>Devices come and go often.</summary>
    public static readonly Mix Hotplug = new(With(Base, (OpKind.Unplug, 5), (OpKind.Replug, 5), (OpKind.Open, 6)), 4, 16, 8, 24);

    /// <summary>dGPUs and dynamic importers sharing buffers, mostly with move-notify on: R10, R12, R13 bouncing.</summary>
    public static readonly Mix Sharing = new(With(Base, (OpKind.Export, 16), (OpKind.Import, 18), (OpKind.Map, 14), (OpKind.Render, 16),
        (OpKind.Unplug, 0), (OpKind.Replug, 1), (OpKind.CloseFile, 1)), 4, 12, 6, 16)
    {
        ProfileWeights = [4, 2, 2, 4, 2, 1, 0, 1, 0, 0],
        MoveNotifyOn = 3,
    };

    /// <summary>Tiny pools and frequent pressure: eviction chains, fallbacks and ENOMEM.</summary>
    public static readonly Mix Pressure = new(With(Base, (OpKind.Pressure, 12), (OpKind.ReleasePressure, 6), (OpKind.Alloc, 14)), 2, 6, 3, 8);

    private static Dictionary<OpKind, int> With(Dictionary<OpKind, int> weights, params (OpKind Kind, int Weight)[] changes)
    {
        var copy = new Dictionary<OpKind, int>(weights);
        foreach (var (kind, weight) in changes) copy[kind] = weight;
        return copy;
    }
}

/// <summary>FsCheck generators (and a shrinker) for random scenarios.</summary>
public static class ScenarioGen
{
    public const int MinOps = 50;
    public const int MaxOps = 200;

    private static readonly Gen<bool> Bool = Gen.Elements(true, false);

    public static Gen<DevicePlan> Device(Mix mix) =>
        from profile in Gen.Frequency(mix.ProfileWeights.Select((w, i) => (w, Gen.Constant(i))).Where(p => p.w > 0))
        from rebar in Bool
        from local in Gen.Choose(mix.MinLocalMiB, mix.MaxLocalMiB)
        from iommu in Gen.Frequency((1, Gen.Constant(true)), (3, Gen.Constant(false)))
        from display in Bool
        select new DevicePlan(profile, rebar, local, iommu, display);

    public static Gen<TopologyPlan> Topology(Mix mix) =>
        from count in Gen.Choose(2, 3)
        from devices in Gen.ArrayOf(Device(mix), count)
        from links in Gen.SubListOf(Pairs(count))
        from gtt in Gen.Choose(mix.MinGttMiB, mix.MaxGttMiB)
        from system in Gen.Choose(2 * mix.MinGttMiB, 4 * mix.MaxGttMiB)
        from cma in Gen.Choose(mix.MinLocalMiB, mix.MaxLocalMiB)
        select new TopologyPlan(devices, links.ToArray(), gtt, system, cma);

    private static (int, int)[] Pairs(int count) =>
        [.. from a in Enumerable.Range(0, count) from b in Enumerable.Range(0, count) where a < b select (a, b)];

    public static Gen<Knobs> Knobs(Mix mix) =>
        from values in Gen.CollectToArray(Emulation.Actors.Uapi.Knobs.Names, name => name == "move-notify"
            ? Gen.Frequency((mix.MoveNotifyOn, Gen.Constant("true")), (4 - mix.MoveNotifyOn, Gen.Constant("false")))
            : Gen.Elements(Emulation.Actors.Uapi.Knobs.ValuesOf(name).ToArray()))
        select Build(values);

    private static Knobs Build(string[] values)
    {
        var knobs = Emulation.Actors.Uapi.Knobs.Default;
        for (var i = 0; i < values.Length; i++)
            knobs = knobs.With(Emulation.Actors.Uapi.Knobs.Names[i], values[i], out _);
        return knobs;
    }

    public static Gen<Op> Op(Mix mix) =>
        from kind in Gen.Frequency(mix.Weights.Where(w => w.Value > 0).Select(w => (w.Value, Gen.Constant(w.Key))))
        from a in Gen.Choose(0, 999)
        from b in Gen.Choose(0, 999)
        from c in Gen.Choose(0, 999)
        select new Op(kind, a, b, c);

    public static Gen<Scenario> Scenario(Mix mix) =>
        from topology in Topology(mix)
        from knobs in Knobs(mix)
        from count in Gen.Choose(MinOps, MaxOps)
        from ops in Gen.ArrayOf(Op(mix), count)
        select new Scenario(topology, knobs, ops);

    /// <summary>Shrinks a failing scenario by dropping runs of operations (halves first, then single steps).</summary>
    public static IEnumerable<Scenario> Shrink(Scenario s)
    {
        var ops = s.Ops;
        for (var chunk = ops.Count / 2; chunk >= 1; chunk /= 2)
            for (var start = 0; start + chunk <= ops.Count; start += chunk)
                yield return s with { Ops = [.. ops.Take(start), .. ops.Skip(start + chunk)] };
        if (s.Topology.Links.Count > 0)
            yield return s with { Topology = s.Topology with { Links = [] } };
    }

    public static Arbitrary<Scenario> Arbitrary(Mix mix) => Arb.From(Scenario(mix), Shrink);
}

/// <summary>Arbitrary providers for [Property(Arbitrary = ...)].</summary>
public static class GeneralScenarios
{
    public static Arbitrary<Scenario> Scenarios() => ScenarioGen.Arbitrary(Mix.General);
}

public static class HotplugScenarios
{
    public static Arbitrary<Scenario> Scenarios() => ScenarioGen.Arbitrary(Mix.Hotplug);
}

public static class SharingScenarios
{
    public static Arbitrary<Scenario> Scenarios() => ScenarioGen.Arbitrary(Mix.Sharing);
}

public static class PressureScenarios
{
    public static Arbitrary<Scenario> Scenarios() => ScenarioGen.Arbitrary(Mix.Pressure);
}
