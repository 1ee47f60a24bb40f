using Emulation.Actors.Uapi;

namespace Emulation.Tests.Kernel.Properties;

/// <summary>One device of a random topology: a driver profile and small memory.</summary>
public sealed record DevicePlan(int Profile, bool ResizableBar, int LocalMiB, bool Iommu, bool Display)
{
    public DriverProfile DriverProfile => Emulation.Actors.Uapi.DriverProfile.All[Profile];

    public override string ToString() =>
        $"{DriverProfile.Name}{(ResizableBar ? "+rebar" : "")}{(Iommu ? "+iommu" : "")}{(Display ? "+display" : "")} {LocalMiB}MiB";
}

/// <summary>A small random topology: 2-3 devices, P2P pairs, small pools so that eviction and ENOMEM happen.</summary>
public sealed record TopologyPlan(IReadOnlyList<DevicePlan> Devices, IReadOnlyList<(int A, int B)> Links, int GttMiB, int SystemMiB, int CmaMiB)
{
    public Topology Build()
    {
        var devices = new List<DeviceSpec>();
        for (var i = 0; i < Devices.Count; i++)
        {
            var plan = Devices[i];
            var profile = plan.DriverProfile;
            var kind = profile == DriverProfile.UsbDisplay ? DeviceKind.UsbDisplay
                : profile == DriverProfile.CmaKms ? DeviceKind.DisplayOnly
                : profile == DriverProfile.GenericGem ? (plan.Display ? DeviceKind.DisplayOnly : DeviceKind.RenderOnly)
                : DeviceKind.RenderDisplay;
            string[] outputs = kind == DeviceKind.RenderOnly ? [] : [$"out{i}"];
            var spec = DeviceSpec.Create($"d{i}", kind, profile, outputs) with
            {
                ResizableBar = plan.ResizableBar,
                HasIommu = plan.Iommu || kind == DeviceKind.RenderOnly,
                LocalMemoryBytes = profile.HasLocalMemory ? plan.LocalMiB * DeviceSpec.MiB : 0,
            };
            devices.Add(spec);
        }
        var links = Links.Where(l => l.A != l.B).Select(l => new P2PLink($"d{l.A}", $"d{l.B}")).ToList();
        return new Topology("random", [.. devices], [.. links],
            new SystemMemory(GttMiB * DeviceSpec.MiB, SystemMiB * DeviceSpec.MiB, CmaMiB * DeviceSpec.MiB, SystemMemory.DefaultCpuGBps));
    }

    public override string ToString() =>
        $"[{string.Join("; ", Devices.Select((d, i) => $"d{i}={d}"))}] p2p[{string.Join(" ", Links.Select(l => $"d{l.A}-d{l.B}"))}] " +
        $"gtt {GttMiB}MiB system {SystemMiB}MiB cma {CmaMiB}MiB";
}

/// <summary>A random topology, knob settings and operation sequence.</summary>
public sealed record Scenario(TopologyPlan Topology, Knobs Knobs, IReadOnlyList<Op> Ops)
{
    public override string ToString() =>
        $"topology {Topology}\nknobs {string.Join(" ", Knobs.AsPairs().Select(p => $"{p.Key}={p.Value}"))}\n" +
        $"{Ops.Count} ops: {string.Join(" ", Ops)}";
}
