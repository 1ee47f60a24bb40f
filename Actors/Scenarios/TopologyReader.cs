using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Actors.Scenarios;

/// <summary>
/// Reads a `topology { devices, p2p, memory }` block (format in docs/scenarios.md) into the kernel's
/// <see cref="Topology"/>. Unknown keys, unknown drivers, dangling ids and impossible sizes are errors.
/// </summary>
internal static class TopologyReader
{
    private static readonly string[] DeviceKeys =
        ["id", "driver", "kind", "outputs", "vram", "carveout", "resizable-bar", "bar", "boot-vga", "iommu", "present", "bandwidth", "profile"];

    private static readonly string[] ProfileKeys =
    [
        "importer", "p2p", "attach", "pin", "pin-vram-when-all-p2p", "maps-at-import", "scanout-from-gtt", "contiguous",
        "local-memory", "render-node", "dynamic-exporter", "respects-attachments", "dumb", "no-move-hook", "integrated",
        "throttles-moves",
    ];

    private static readonly IReadOnlyList<string> ImporterIds = ["static", "dynamic", "cpu-only"];
    private static readonly IReadOnlyList<string> AttachIds = ["nothing", "migrate-to-gtt-and-pin", "refuse-without-gtt", "pin-in-gtt", "refuse-vram", "pin-where-they-are"];
    private static readonly IReadOnlyList<string> HookIds = ["absent", "never-moves", "system-memory-only"];
    private static readonly IReadOnlyList<string> LocalMemoryIds = ["vram", "carveout", "none"];

    public static Topology? Read(HoconNode node, string name)
    {
        if (!node.RequireObject("a topology { devices = [...], p2p = [...], memory {...} } or a catalogue id")) return null;
        node.AllowOnly("name", "devices", "p2p", "memory");
        if (node.Has("name")) name = node["name"].String() ?? name;

        var devices = new List<(DeviceSpec Spec, HoconNode Node)>();
        var deviceNodes = node["devices"].Items("a list of devices [ { id = ..., driver = ... } ]");
        if (deviceNodes.Count == 0 && (node["devices"].IsList || node["devices"].Missing))
            node["devices"].Fail("a non-empty list of devices [ { id = ..., driver = ... } ]");
        foreach (var d in deviceNodes)
        {
            if (ReadDevice(d) is not { } device) Unresolved(d);
            else if (devices.Any(x => x.Spec.Id == device.Id)) d["id"].Fail("an id no other device has");
            else devices.Add((device, d));
        }

        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (device, d) in devices)
            foreach (var o in d["outputs"].IsList ? d["outputs"].Items() : [])
            {
                var named = o.IsObject ? o["name"] : o;
                if (named.Literal is not { } n || device.Outputs.All(x => x.Name != n)) continue;
                if (outputs.TryGetValue(n, out var owner))
                    named.Fail($"an output name no other output has ('{n}' is an output of {owner} already)");
                else outputs[n] = device.Id;
            }

        var p2p = new List<P2PLink>();
        foreach (var pair in node["p2p"].Items("a list of device pairs, e.g. [[dgpu, dgpu2]]"))
        {
            var ends = pair.Items("a pair of device ids [a, b]");
            if (ends.Count != 2)
            {
                if (pair.IsList) pair.Fail("a pair of device ids [a, b]");
                continue;
            }
            var a = ends[0].Literal;
            var b = ends[1].Literal;
            var ok = true;
            foreach (var end in ends)
                if (end.Reference(devices.Select(x => x.Spec.Id).ToList(), "a device id of this topology") is null)
                    ok = false;
            if (ok && a == b) { pair.Fail("two different devices"); ok = false; }
            if (ok) p2p.Add(new P2PLink(a!, b!));
        }

        var memory = ReadMemory(node["memory"]);
        return new Topology(name, [.. devices.Select(x => x.Spec)], [.. p2p], memory);
    }

    /// <summary>
    /// A device that did not read (its problems are reported): its id and output names are still names the
    /// file defines, so references to them are not reported again as unknown.
    /// </summary>
    private static void Unresolved(HoconNode d)
    {
        if (d["id"].Literal is { } id) d.Diagnostics.Unresolved.Add(id);
        if (!d["outputs"].IsList) return;
        foreach (var o in d["outputs"].Items())
            if ((o.IsObject ? o["name"] : o).Literal is { } output) d.Diagnostics.Unresolved.Add(output);
    }

    private static DeviceSpec? ReadDevice(HoconNode d)
    {
        if (!d.RequireObject("a device { id = ..., driver = ..., kind = ..., outputs = [...] }")) return null;
        d.AllowOnly(DeviceKeys);
        var id = d["id"].Identifier("a device id");
        var driverName = d["driver"].Choice(DriverProfile.All.Select(p => p.Name).ToList());
        if (id is null || driverName is null) return null;
        var profile = DriverProfile.Find(driverName)!;
        var defaultKind = profile == DriverProfile.UsbDisplay ? DeviceKind.UsbDisplay : DeviceKind.RenderDisplay;
        var kind = defaultKind;
        if (d.Has("kind") && d["kind"].Choice(DeviceKindNames.All) is { } k) DeviceKindNames.TryParse(k, out kind);

        if (d.Has("profile")) profile = ReadProfileOverrides(d["profile"], profile);
        var outputs = ReadOutputs(d["outputs"]);
        var spec = DeviceSpec.Create(id, kind, profile) with { Outputs = outputs };
        if (!kind.CanDisplay() && outputs.Length > 0) d["outputs"].Fail($"no outputs on a {kind.Name()} device");

        foreach (var key in new[] { "vram", "carveout" })
        {
            if (!d.Has(key)) continue;
            var wanted = key == "vram" ? Placement.Vram : Placement.Carveout;
            if (profile.LocalMemory != wanted)
            {
                d[key].Fail($"no {key} size: driver {profile.Name} has {(profile.HasLocalMemory ? profile.LocalMemory.Name() : "no local memory")}");
                continue;
            }
            if (d[key].Bytes() is { } bytes)
            {
                if (bytes < Pages.Size) d[key].Fail("a size of at least 4KiB");
                else spec = spec with { LocalMemoryBytes = bytes };
            }
        }
        if (d.Has("resizable-bar") && d["resizable-bar"].Bool() is { } rebar) spec = spec with { ResizableBar = rebar };
        if (d.Has("bar"))
        {
            if (profile.LocalMemory != Placement.Vram)
                d["bar"].Fail($"no bar: driver {profile.Name} has {(profile.HasLocalMemory ? profile.LocalMemory.Name() : "no local memory")}, not vram");
            else if (d["bar"].Bytes() is { } bar)
            {
                if (bar < Pages.Size) d["bar"].Fail("a size of at least 4KiB");
                else spec = spec with { BarBytes = bar };
            }
        }
        if (d.Has("boot-vga") && d["boot-vga"].Bool() is { } bootVga) spec = spec with { BootVga = bootVga };
        if (d.Has("iommu") && d["iommu"].Bool() is { } iommu) spec = spec with { HasIommu = iommu };
        if (d.Has("present") && d["present"].Bool() is { } present) spec = spec with { InitiallyPresent = present };
        if (d.Has("bandwidth"))
        {
            var bw = d["bandwidth"];
            if (bw.RequireObject("bandwidth { vram = GB/s, link = GB/s, memory = GB/s }"))
            {
                bw.AllowOnly("vram", "link", "memory");
                if (bw.Has("vram") && bw["vram"].Positive("GB/s") is { } v) spec = spec with { VramGBps = v };
                if (bw.Has("link") && bw["link"].Positive("GB/s") is { } l) spec = spec with { LinkGBps = l };
                if (bw.Has("memory") && bw["memory"].Positive("GB/s") is { } m) spec = spec with { MemoryGBps = m };
            }
        }
        return spec;
    }

    private static ImmutableArray<OutputSpec> ReadOutputs(HoconNode node)
    {
        var outputs = ImmutableArray.CreateBuilder<OutputSpec>();
        foreach (var o in node.Items("a list of outputs, e.g. [edp, { name = hdmi, refresh = 144, size = 2560x1440 }]"))
        {
            if (!o.IsObject)
            {
                if (o.Identifier("an output name") is { } n) outputs.Add(OutputSpec.Named(n));
                continue;
            }
            o.AllowOnly("name", "refresh", "size", "built-in");
            var name = o["name"].Identifier("an output name");
            if (name is null) continue;
            var output = OutputSpec.Named(name);
            if (o.Has("refresh") && o["refresh"].Int(1, 1000) is { } hz) output = output with { RefreshHz = hz };
            if (o.Has("size") && o["size"].Resolution() is { } size) output = output with { Width = size.Width, Height = size.Height };
            if (o.Has("built-in") && o["built-in"].Bool() is { } builtIn) output = output with { BuiltIn = builtIn };
            outputs.Add(output);
        }
        return outputs.ToImmutable();
    }

    private static DriverProfile ReadProfileOverrides(HoconNode p, DriverProfile profile)
    {
        if (!p.RequireObject("profile { column = value, ... } overriding columns of the driver's profile (docs/scenarios.md)")) return profile;
        p.AllowOnly(ProfileKeys);
        if (p.Has("importer") && p["importer"].Choice(ImporterIds) is { } importer)
            profile = profile with { Importer = (ImporterKind)ImporterIds.ToList().IndexOf(importer) };
        if (p.Has("p2p") && p["p2p"].Bool() is { } p2p) profile = profile with { AllowP2P = p2p };
        if (p.Has("attach") && p["attach"].Choice(AttachIds) is { } attach)
            profile = profile with { AttachEffect = (ExporterAttach)AttachIds.ToList().IndexOf(attach) };
        if (p.Has("pin") && p["pin"].Choice(["gtt", "system", "cma"]) is { } pin && PlacementNames.TryParse(pin, out var pinAt))
            profile = profile with { PinTarget = pinAt.Bit() };
        if (p.Has("pin-vram-when-all-p2p") && p["pin-vram-when-all-p2p"].Bool() is { } vramPin) profile = profile with { PinInVramWhenAllP2P = vramPin };
        if (p.Has("maps-at-import") && p["maps-at-import"].Bool() is { } maps) profile = profile with { MapsAtImport = maps };
        if (p.Has("scanout-from-gtt") && p["scanout-from-gtt"].Bool() is { } scan) profile = profile with { ScanoutFromGtt = scan };
        if (p.Has("contiguous") && p["contiguous"].Bool() is { } contiguous) profile = profile with { NeedsContiguous = contiguous };
        if (p.Has("local-memory") && p["local-memory"].Choice(LocalMemoryIds) is { } local)
        {
            var placement = local == "none" ? Placement.None : local == "vram" ? Placement.Vram : Placement.Carveout;
            profile = profile with { LocalMemory = placement };
            if (placement == Placement.None && profile.DumbPlacement.IsDeviceLocal()) profile = profile with { DumbPlacement = Placement.System };
            if (placement != Placement.None && (profile.DumbPlacement == Placement.System || profile.DumbPlacement.IsDeviceLocal()))
                profile = profile with { DumbPlacement = placement };
        }
        if (p.Has("render-node") && p["render-node"].Bool() is { } node) profile = profile with { RenderNode = node };
        if (p.Has("dynamic-exporter") && p["dynamic-exporter"].Bool() is { } dynamic) profile = profile with { DynamicExporter = dynamic };
        if (p.Has("respects-attachments") && p["respects-attachments"].Bool() is { } respects) profile = profile with { RespectsAttachments = respects };
        if (p.Has("dumb") && p["dumb"].Choice(PlacementNames.All) is { } dumb && PlacementNames.TryParse(dumb, out var dumbAt))
            profile = profile with { DumbPlacement = dumbAt };
        if (p.Has("no-move-hook") && p["no-move-hook"].Choice(HookIds) is { } hook)
            profile = profile with { NoMoveHook = (NoMoveHook)HookIds.ToList().IndexOf(hook) };
        if (p.Has("integrated") && p["integrated"].Bool() is { } integrated) profile = profile with { Integrated = integrated };
        if (p.Has("throttles-moves") && p["throttles-moves"].Bool() is { } throttles) profile = profile with { ThrottlesMoves = throttles };
        if (profile.DumbPlacement.IsDeviceLocal() && profile.DumbPlacement != profile.LocalMemory)
            p["dumb"].Fail($"a placement the device has (its local memory is {(profile.HasLocalMemory ? profile.LocalMemory.Name() : "none")})");
        return profile;
    }

    private static SystemMemory ReadMemory(HoconNode m)
    {
        var memory = SystemMemory.Default;
        if (m.Missing || !m.RequireObject("memory { gtt = SIZE, system = SIZE, cma = SIZE, cpu-bandwidth = GB/s, cpu-wc-read = GB/s }")) return memory;
        m.AllowOnly("gtt", "system", "cma", "cpu-bandwidth", "cpu-wc-read");
        if (m.Has("gtt") && m["gtt"].Bytes() is { } gtt) memory = memory with { GttBytes = gtt };
        if (m.Has("system") && m["system"].Bytes() is { } system) memory = memory with { SystemBytes = system };
        if (m.Has("cma") && m["cma"].Bytes() is { } cma) memory = memory with { CmaBytes = cma };
        if (m.Has("cpu-bandwidth") && m["cpu-bandwidth"].Positive("GB/s") is { } cpu) memory = memory with { CpuGBps = cpu };
        if (m.Has("cpu-wc-read") && m["cpu-wc-read"].Positive("GB/s") is { } wc) memory = memory with { CpuWcReadGBps = wc };
        return memory;
    }
}
