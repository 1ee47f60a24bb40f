using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Akka.Configuration;
using Emulation.Actors.Uapi;
using Emulation.Messages.Scenarios;

namespace Emulation.Actors.Scenarios;

/// <summary>
/// Reads and validates scenario files (HOCON, Akka's parser; format in docs/scenarios.md). Nothing
/// starts unless the whole file is valid: every problem is reported with the file, the key path,
/// the value found and what was expected.
/// </summary>
public static class ScenarioReader
{
    /// <summary>Machines per policy: the performance target of this product (docs/performance.md).</summary>
    public const int MaxMachines = 100_000;

    /// <summary>Frames per machine: 4.6 hours of emulated time at 60 Hz.</summary>
    public const int MaxFrames = 1_000_000;

    /// <summary>Clients on one machine: far beyond a desktop's windows, small enough that a machine stays a few MB.</summary>
    public const int MaxClients = 4_096;

    /// <summary>Timeline events of one scenario.</summary>
    public const int MaxTimelineEvents = 10_000;

    /// <summary>
    /// Machine-frames of one run (machines x frames x policies): about 4 hours on this product's reference machine
    /// (2 cores, about 18,700 machine-frames/s; docs/performance.md). A bigger study is several runs, or a cluster.
    /// </summary>
    public const long MaxMachineFrames = 250_000_000;

    /// <summary>The largest seed (a JSON number any reader keeps exactly is smaller; the report writes it as it is).</summary>
    public const long MaxSeed = long.MaxValue;

    /// <summary>Why a scenario's size is beyond <see cref="MaxMachineFrames"/> (null when within), in the terms of its own figures.</summary>
    public static InputProblem? WorkProblem(ScenarioSpec s)
    {
        var work = (long)s.Machines * s.Frames * s.Policies.Length;
        return work <= MaxMachineFrames
            ? null
            : new InputProblem($"{s.Machines:N0} machines x {s.Frames:N0} frames x {s.Policies.Length} policies = {work:N0} machine-frames",
                $"at most {MaxMachineFrames:N0} machine-frames in one run (about 4 hours on 2 cores): fewer machines, frames or policies");
    }

    private static readonly string[] ScenarioKeys =
    [
        "id", "name", "seed", "machines", "frames", "kernel", "topology", "compositor", "policies", "clients",
        "timeline", "variation", "expect", "cluster",
    ];

    /// <summary>Nodes a `cluster` block may script: each is a process on this machine.</summary>
    public const int MaxScriptedNodes = 16;

    /// <summary>Loads a scenario by catalogue id or path, or from standard input (`-`).</summary>
    public static ScenarioSpec Load(string idOrPath, Catalogue catalogue, TextReader? standardInput = null)
    {
        var file = Locate(idOrPath, catalogue, "a scenario file or one of the catalogue ids");
        return Parse(Read(idOrPath, file, "a scenario file", standardInput), file, catalogue);
    }

    /// <summary>
    /// The file to read for an id or path: the path itself when it names anything in the file system (its kind is
    /// judged when it is read), `stdin` for `-`, else the catalogue's file of that id.
    /// </summary>
    private static string Locate(string idOrPath, Catalogue catalogue, string expected)
    {
        if (idOrPath == InputFiles.StandardInput) return InputFiles.StandardInputName;
        if (FileKinds.Of(idOrPath) != FileKind.Missing) return Path.GetFullPath(idOrPath);
        return catalogue.Resolve(idOrPath)
               ?? throw new ScenarioException([new(idOrPath, "", "no such file or catalogue id",
                   $"{expected} ({string.Join(", ", catalogue.Entries().Select(e => e.Id))})")]);
    }

    /// <summary>The text of a located input, within <see cref="InputFiles.MaxScenarioChars"/>.</summary>
    private static string Read(string idOrPath, string file, string what, TextReader? standardInput) =>
        InputFiles.TryRead(idOrPath == InputFiles.StandardInput ? idOrPath : file, InputFiles.MaxScenarioChars, what,
            out var problem, standardInput)
        ?? throw new ScenarioException([new(file, "", problem!.Found, problem.Expected)]);

    /// <summary>Parses HOCON text into a root object, reporting syntax problems Akka's parser would let through.</summary>
    internal static HoconNode Root(string text, Diagnostics d)
    {
        if (HoconSyntax.FindProblem(text, out var parseable) is { } problem)
            throw new ScenarioException([new(d.File, "", $"a syntax error at {problem}", "well-formed HOCON")]);
        Config config;
        try
        {
            config = ConfigurationFactory.ParseString(parseable);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ScenarioException([new(d.File, "", $"a syntax error {ParserProblem(e, text)}", "well-formed HOCON")]);
        }
        return new HoconNode(config.Root, "", d);
    }

    /// <summary>The first line of a parser exception, its "at position N" given as a line and column of the text.</summary>
    private static string ParserProblem(Exception e, string text)
    {
        var first = e.Message.Split('\n')[0].Trim().TrimEnd(':').Trim();
        var at = Regex.Match(first, @"\s*at position (\d+)");
        if (!at.Success || !int.TryParse(at.Groups[1].Value, CultureInfo.InvariantCulture, out var index)) return $"({first})";
        var what = (first[..at.Index] + first[(at.Index + at.Length)..]).Trim();
        return $"at {HoconSyntax.Position(text, index)}: {what}";
    }

    public static ScenarioSpec Parse(string text, string file, Catalogue catalogue)
    {
        var d = new Diagnostics(file);
        var root = Root(text, d);
        root.AllowOnly("scenario");
        var s = root["scenario"];
        if (!s.RequireObject("a scenario { ... } block")) throw new ScenarioException(d.Errors);
        s.AllowOnly(ScenarioKeys);

        var fileId = Path.GetFileNameWithoutExtension(file).Split('-')[0];
        var id = s.Has("id") ? s["id"].Identifier("a scenario id") ?? fileId : fileId;
        var name = s.Has("name") ? s["name"].String() ?? id : id;
        var seed = s.Has("seed") ? (ulong)(s["seed"].Integer(0, MaxSeed) ?? 0) : 1UL;
        var machines = s.Has("machines") ? s["machines"].Int(1, MaxMachines) ?? 1 : 1;
        var frames = s.Has("frames") ? s["frames"].Int(1, MaxFrames) ?? 1 : 60;
        var knobs = ReadKnobs(s["kernel"], Knobs.Default);
        var topology = ReadTopologyValue(s["topology"], id, catalogue, [Path.GetFullPath(file)]);
        // Without a device, every reference to one would be a second error: the topology's own is enough.
        if (topology is null || topology.Devices.IsEmpty) throw new ScenarioException(d.Errors);

        var compositor = ReadCompositor(s["compositor"]);
        var policies = ReadPolicies(s["policies"]);
        var clients = ReadClients(s["clients"], topology, frames);
        var timeline = ReadTimeline(s["timeline"], topology, clients, frames);
        CheckKnobChanges(s["timeline"], knobs, timeline);
        var variation = ReadVariation(s["variation"], topology, clients, frames);
        var expectations = ReadExpectations(s["expect"], policies, topology);
        var nodes = ReadCluster(s["cluster"]);
        if (d.Errors.Count > 0) throw new ScenarioException(d.Errors);
        var spec = new ScenarioSpec(id, name, file, seed, machines, frames, knobs, topology, compositor, policies,
            clients, timeline, variation, expectations) { Nodes = nodes };
        if (WorkProblem(spec) is { } tooBig) throw new ScenarioException([new(file, "scenario", tooBig.Found, tooBig.Expected)]);
        return spec;
    }

    /// <summary>
    /// A topology for `replay --topology`: a catalogue id (the topology of that scenario), `vgem-vkms`,
    /// or a file holding `topology { ... }` or a scenario.
    /// </summary>
    public static Topology LoadTopology(string idOrPath, Catalogue catalogue) => LoadTopology(idOrPath, catalogue, []);

    /// <param name="chain">The files whose topology names this one (a catalogue id naming another's), outermost first.</param>
    private static Topology LoadTopology(string idOrPath, Catalogue catalogue, ImmutableList<string> chain)
    {
        if (idOrPath.Equals(Catalogue.VgemVkms, StringComparison.OrdinalIgnoreCase)) return Topology.VgemVkms;
        var file = idOrPath == InputFiles.StandardInput
            ? throw new ScenarioException([new(idOrPath, "", "'-' (standard input)", "a topology file, vgem-vkms, or a catalogue id")])
            : Locate(idOrPath, catalogue, $"a topology file, {Catalogue.VgemVkms}, or a catalogue id");
        var d = new Diagnostics(file);
        var root = Root(Read(idOrPath, file, "a topology file", null), d);
        root.AllowOnly("scenario", "topology");
        var node = root.Has("topology") ? root["topology"] : root["scenario"]["topology"];
        if (node.Missing)
        {
            root.Fail("a file with a topology { ... } block or a scenario { topology = ... }");
            throw new ScenarioException(d.Errors);
        }
        var name = Path.GetFileNameWithoutExtension(file).Split('-')[0];
        var topology = ReadTopologyValue(node, name, catalogue, chain.Add(Path.GetFullPath(file)));
        if (topology is null || d.Errors.Count > 0) throw new ScenarioException(d.Errors);
        return topology;
    }

    /// <param name="chain">This file's full path last, after the files whose topology led here.</param>
    private static Topology? ReadTopologyValue(HoconNode node, string name, Catalogue catalogue, ImmutableList<string> chain)
    {
        if (node.Missing)
        {
            node.Fail("a topology: a catalogue id (T01...), vgem-vkms, or topology { devices = [...] }");
            return null;
        }
        if (node.IsObject) return TopologyReader.Read(node, name);
        var id = node.Literal!;
        if (id.Equals(Catalogue.VgemVkms, StringComparison.OrdinalIgnoreCase)) return Topology.VgemVkms;
        var other = catalogue.FileOf(id);
        if (other is null || Path.GetFullPath(other) == chain[^1])
        {
            node.Fail($"{Catalogue.VgemVkms} or a catalogue id of another scenario ({string.Join(", ", catalogue.Entries().Select(e => e.Id))}), or topology {{ ... }}");
            return null;
        }
        if (chain.Contains(Path.GetFullPath(other)))
        {
            var loop = chain.SkipWhile(f => f != Path.GetFullPath(other)).Append(other).Select(Path.GetFileName);
            node.Fail($"a catalogue id whose topology does not lead back here ({string.Join(" -> ", loop)})");
            return null;
        }
        try
        {
            return LoadTopology(other, catalogue, chain) with { Name = id.ToUpperInvariant() };
        }
        catch (ScenarioException e)
        {
            node.Diagnostics.Errors.AddRange(e.Errors);
            return null;
        }
    }

    /// <summary>The timeline's knob changes, applied in frame order to the scenario's knobs, must stay possible (7.1 keeps move-notify on).</summary>
    private static void CheckKnobChanges(HoconNode node, Knobs knobs, ImmutableArray<TimelineEvent> timeline)
    {
        foreach (var change in timeline.OfType<KnobChange>())
        {
            knobs = knobs.With(change.Knob, change.Value, out var error);
            if (error is null) continue;
            node.Fail($"knob changes that stay possible; at frame {change.Frame}, {change.Knob} = {change.Value}: {error}");
            return;
        }
    }

    internal static Knobs ReadKnobs(HoconNode node, Knobs knobs)
    {
        if (node.Missing || !node.RequireObject($"kernel {{ knob = value, ... }} with knobs among {string.Join(", ", Knobs.Names)}")) return knobs;
        node.AllowOnly([.. Knobs.Names]);
        foreach (var name in Knobs.Names)
        {
            if (!node.Has(name)) continue;
            var value = node[name].Choice(Knobs.ValuesOf(name));
            if (value is null) continue;
            var next = knobs.With(name, value, out var error);
            if (error is not null) node[name].Fail(error);
            else knobs = next;
        }
        return knobs;
    }

    private static CompositorSpec ReadCompositor(HoconNode node)
    {
        var spec = CompositorSpec.Default;
        if (node.Missing || !node.RequireObject("compositor { primary = ..., render = ..., force-copy = ..., sticky-fallback = ... }")) return spec;
        node.AllowOnly("primary", "render", "force-copy", "sticky-fallback");
        if (node.Has("primary") && node["primary"].Choice(CompositorSpec.PrimaryIds) is { } p)
            spec = spec with { Primary = (PrimaryPreset)CompositorSpec.PrimaryIds.ToList().IndexOf(p) };
        if (node.Has("render") && node["render"].Choice(CompositorSpec.RenderIds) is { } r)
            spec = spec with { Render = (RenderPreset)CompositorSpec.RenderIds.ToList().IndexOf(r) };
        if (node.Has("force-copy") && node["force-copy"].Choice([.. CopyRungs.Ids, "none"]) is { } f)
            spec = spec with { ForcedRung = f == "none" ? null : (CopyRung)CopyRungs.Ids.ToList().IndexOf(f) };
        if (node.Has("sticky-fallback") && node["sticky-fallback"].Bool() is { } sticky) spec = spec with { StickyFallback = sticky };
        return spec;
    }

    private const string ClusterShape = "cluster { nodes = [ { name = ..., roles = [worker], join = 0.25, leave = 0.5 } ] }";

    /// <summary>
    /// The `cluster` block: the worker processes a run starts and when each joins, leaves or crashes, as fractions of
    /// the run's progress. One worker at least must be there from start to end, so every machine has a place to run.
    /// </summary>
    private static ImmutableArray<ScriptedNode> ReadCluster(HoconNode node)
    {
        if (node.Missing) return [];
        if (!node.RequireObject(ClusterShape)) return [];
        node.AllowOnly("nodes");
        var list = node["nodes"];
        if (list.Missing)
        {
            list.Fail("a list of nodes [ { name = ..., roles = [worker] } ]");
            return [];
        }
        var items = list.Items("a list of nodes [ { name = ..., roles = [worker] } ]");
        if (items.Count > MaxScriptedNodes)
        {
            list.Diagnostics.Error(list.Path, $"{items.Count} nodes", $"at most {MaxScriptedNodes} scripted nodes (each is a process)");
            return [];
        }
        var nodes = ImmutableArray.CreateBuilder<ScriptedNode>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!item.RequireObject("a node { name = ..., roles = [worker], join = F, leave = F | crash = F }")) continue;
            item.AllowOnly("name", "roles", "join", "leave", "crash");
            var name = item["name"].Identifier("a node name");
            if (name is not null && !names.Add(name)) item["name"].Fail("a name no other node has");
            ImmutableArray<string> roles = [ScriptedNode.WorkerRole];
            if (item.Has("roles"))
                roles = [.. item["roles"].Items("a list of roles: [worker], or [] for a member that hosts no machine")
                    .Select(r => r.Choice([ScriptedNode.WorkerRole])).OfType<string>().Distinct()];
            var join = item.Has("join") ? item["join"].NonNegative("a fraction of the run's machines done, below 1", 0.99) ?? 0 : 0;
            double At(string key)
            {
                if (!item.Has(key)) return ScriptedNode.Never;
                var at = item[key].NonNegative("a fraction of the run's machines done", 1);
                if (at is null) return ScriptedNode.Never;
                if (at <= join)
                {
                    item[key].Fail($"a fraction after the node joins (join = {join.ToString(CultureInfo.InvariantCulture)})");
                    return ScriptedNode.Never;
                }
                return at.Value;
            }
            var leave = At("leave");
            var crash = At("crash");
            if (leave != ScriptedNode.Never && crash != ScriptedNode.Never)
                item.Diagnostics.Error(item.Path, "both leave and crash", "at most one of leave and crash");
            if (name is not null) nodes.Add(new ScriptedNode(name, roles, join, leave, crash));
        }
        if (nodes.Count > 0 && !nodes.Any(n => n.IsWorker && n.Steady))
            list.Diagnostics.Error(list.Path, "no worker there from start to end",
                "at least one node with roles = [worker] and no join, leave or crash (every machine needs a place to run)");
        return nodes.ToImmutable();
    }

    private static ImmutableArray<string> ReadPolicies(HoconNode node)
    {
        if (node.Missing) return [.. ImportPolicies.Ids];
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        var items = node.Items("a list of policy ids");
        foreach (var item in items)
            if (item.Choice(ImportPolicies.Ids) is { } id && !chosen.Add(id))
                item.Fail("each policy once");
        if (node.IsList && items.Count == 0) node.Fail($"at least one policy of: {string.Join(", ", ImportPolicies.Ids)}");
        return [.. ImportPolicies.Ids.Where(chosen.Contains)];
    }

    private static ImmutableArray<ClientSpec> ReadClients(HoconNode node, Topology topology, int frames)
    {
        var clients = ImmutableArray.CreateBuilder<ClientSpec>();
        var items = node.Items("a list of clients [ { name = ..., device = ..., output = ... } ]");
        if (node.Missing) node.Fail("a list of clients [ { name = ..., device = ..., output = ... } ]");
        if (items.Count > MaxClients)
        {
            node.Diagnostics.Error(node.Path, $"{items.Count:N0} clients", $"at most {MaxClients:N0} clients on one machine");
            return [];
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        var renderers = topology.Devices.Where(x => x.Kind is DeviceKind.RenderDisplay or DeviceKind.RenderOnly).Select(x => x.Id).ToList();
        var outputs = topology.AllOutputs.Select(o => o.Name).ToList();
        foreach (var c in items)
        {
            if (!c.RequireObject("a client { name = ..., device = ..., output = ... }")) continue;
            c.AllowOnly("name", "kind", "device", "allocation", "buffers", "size", "format", "output", "fps", "start", "stop", "gpu-ms", "touches", "damage");
            var name = c["name"].Identifier("a client name");
            if (name is not null && !names.Add(name)) c["name"].Fail("a name no other client has");
            string? device = null;
            if (c.Has("device")) device = c["device"].Reference(renderers);
            var allocation = AllocationPolicy.MainDevice;
            if (c.Has("allocation") && c["allocation"].Choice(AllocationPolicies.Ids) is { } a)
                allocation = (AllocationPolicy)AllocationPolicies.Ids.ToList().IndexOf(a);
            var buffers = c.Has("buffers") ? c["buffers"].Int(1, 8) ?? 3 : 3;
            var (width, height) = c.Has("size") ? c["size"].Resolution() ?? (1920, 1080) : (1920, 1080);
            var format = c.Has("format") ? c["format"].Choice(["XR24", "AR24", "XB24", "AB24"]) ?? "XR24" : "XR24";
            var output = c["output"].Reference(outputs) ?? "";
            var fps = c.Has("fps") ? c["fps"].Int(1, 1000) ?? 60 : 60;
            var start = c.Has("start") ? c["start"].Int(0, frames - 1) ?? 0 : 0;
            var stop = -1;
            if (c.Has("stop") && c["stop"].Int(start + 1, frames) is { } s) stop = s;
            var kind = ClientKind.Game;
            if (c.Has("kind") && c["kind"].Choice(ClientKinds.Ids) is { } k) kind = (ClientKind)ClientKinds.Ids.ToList().IndexOf(k);
            var work = kind.Defaults();
            if (c.Has("gpu-ms") && c["gpu-ms"].NonNegative("ms", 1000) is { } gpuMs) work = work with { GpuMs = gpuMs };
            if (c.Has("touches") && c["touches"].Int(0, 64) is { } touches) work = work with { Touches = touches };
            if (c.Has("damage") && c["damage"].Fraction() is { } damage) work = work with { Damage = damage };
            if (name is not null)
                clients.Add(new ClientSpec(name, device, allocation, buffers, width, height, format, output, fps, start, stop) { Kind = kind, Work = work });
        }
        return clients.ToImmutable();
    }

    private static readonly string[] EventKinds = ["vram-pressure", "move-window", "client-start", "client-stop", "unplug", "replug", "knob"];

    private static ImmutableArray<TimelineEvent> ReadTimeline(HoconNode node, Topology topology, ImmutableArray<ClientSpec> clients, int frames)
    {
        var events = new List<TimelineEvent>();
        var deviceIds = topology.Devices.Select(x => x.Id).ToList();
        var localMemory = topology.Devices.Where(x => x.Profile.HasLocalMemory).Select(x => x.Id).ToList();
        var clientNames = clients.Select(c => c.Name).ToList();
        var outputs = topology.AllOutputs.Select(o => o.Name).ToList();
        var items = node.Items("a list of events [ { frame = N, vram-pressure { ... } } ]");
        if (items.Count > MaxTimelineEvents)
        {
            node.Diagnostics.Error(node.Path, $"{items.Count:N0} events", $"at most {MaxTimelineEvents:N0} timeline events");
            return [];
        }
        foreach (var e in items)
        {
            if (!e.RequireObject("an event { frame = N, <kind> { ... } }")) continue;
            e.AllowOnly(["frame", .. EventKinds]);
            var frame = e["frame"].Int(0, frames - 1);
            var kinds = e.Keys.Where(EventKinds.Contains).ToList();
            if (kinds.Count != 1)
            {
                // Unknown keys are reported already; an event with only those is not reported twice.
                if (kinds.Count > 1 || e.Keys.All(k => k == "frame"))
                    e.Diagnostics.Error(e.Path, kinds.Count == 0 ? "no event kind" : $"{kinds.Count} event kinds ({string.Join(", ", kinds)})",
                        $"exactly one event kind besides frame: {string.Join(", ", EventKinds)}");
                continue;
            }
            var kind = kinds[0];
            var body = e[kind];
            if (frame is null || !body.RequireObject($"{kind} {{ ... }}")) continue;
            var f = frame.Value;
            switch (kind)
            {
                case "vram-pressure":
                {
                    body.AllowOnly("device", "bytes", "leave", "frames", "active", "pinned");
                    var device = body["device"].Reference(localMemory);
                    long? bytes = 0, leave = -1;
                    if (body.Has("bytes") && body.Has("leave"))
                        body["leave"].Fail($"no leave next to bytes = {body["bytes"].Found} (one of bytes = SIZE taken, or leave = SIZE left free)");
                    else if (!body.Has("bytes") && !body.Has("leave"))
                        body.Diagnostics.Error(body.Path, "neither bytes nor leave", "one of bytes = SIZE taken, or leave = SIZE left free");
                    else if (body.Has("bytes"))
                    {
                        bytes = body["bytes"].Bytes();
                        if (bytes == 0) body["bytes"].Fail("a size above zero");
                    }
                    else leave = body["leave"].Bytes();
                    var duration = body.Has("frames") ? body["frames"].Int(0) ?? 0 : 0;
                    var active = body.Has("active") && (body["active"].Bool() ?? false);
                    var pinned = body.Has("pinned") && (body["pinned"].Bool() ?? false);
                    if (device is not null && bytes is not null && leave is not null && (bytes > 0 || leave >= 0))
                        events.Add(new VramPressure(f, device, bytes.Value, leave.Value, duration, active, pinned));
                    break;
                }
                case "move-window":
                {
                    body.AllowOnly("client", "output");
                    var client = body["client"].Choice(clientNames);
                    var output = body["output"].Reference(outputs);
                    if (client is not null && output is not null) events.Add(new MoveWindow(f, client, output));
                    break;
                }
                case "client-start" or "client-stop":
                {
                    body.AllowOnly("client");
                    var client = body["client"].Choice(clientNames);
                    if (client is not null) events.Add(kind == "client-start" ? new ClientStart(f, client) : new ClientStop(f, client));
                    break;
                }
                case "unplug" or "replug":
                {
                    body.AllowOnly("device");
                    var device = body["device"].Reference(deviceIds);
                    if (device is not null) events.Add(kind == "unplug" ? new UnplugDevice(f, device) : new ReplugDevice(f, device));
                    break;
                }
                default:
                {
                    body.AllowOnly([.. Knobs.Names]);
                    if (body.Keys.Count == 0) body.Fail("at least one knob = value");
                    foreach (var knob in Knobs.Names.Where(body.Has))
                        if (body[knob].Choice(Knobs.ValuesOf(knob)) is { } value)
                            events.Add(new KnobChange(f, knob, value));
                    break;
                }
            }
        }
        return [.. events.OrderBy(x => x.Frame)];
    }

    private static ImmutableArray<VariationAxis> ReadVariation(HoconNode node, Topology topology, ImmutableArray<ClientSpec> clients, int frames)
    {
        var axes = new List<VariationAxis>();
        if (node.Missing || !node.RequireObject("variation { target.field = [values...] }")) return [];
        foreach (var target in node.Keys)
        {
            var t = node[target];
            var isDevice = topology.IndexOf(target) >= 0;
            var isClient = clients.Any(c => c.Name == target);
            if (!isDevice && !isClient && t.Diagnostics.Unresolved.Contains(target)) continue;
            if (isDevice && isClient)
            {
                t.Diagnostics.Error(t.Path, $"key '{target}'", $"a target that is a device id or a client name, not both (a client is named like device {target})");
                continue;
            }
            if (!isDevice && !isClient)
            {
                t.Diagnostics.Error(t.Path, $"key '{target}'", $"a device id or client name ({string.Join(", ", topology.Devices.Select(x => x.Id).Concat(clients.Select(c => c.Name)))})");
                continue;
            }
            if (!t.RequireObject($"{target}.field = [values...]")) continue;
            string[] fields = isDevice ? VariationFields.Device : VariationFields.Client;
            t.AllowOnly(fields);
            foreach (var field in t.Keys.Where(fields.Contains))
            {
                var values = t[field].Items("a list of values [a, b, ...]");
                if (values.Count == 0)
                {
                    t[field].Fail("a non-empty list of values [a, b, ...]");
                    continue;
                }
                var texts = new List<string>();
                foreach (var v in values)
                    if (VariationFields.Check(v, target, field, topology, frames) is { } text) texts.Add(text);
                if (texts.Count == values.Count) axes.Add(new VariationAxis(target, field, [.. texts]));
            }
        }
        return [.. axes.OrderBy(a => a.Key, StringComparer.Ordinal)];
    }

    private static ImmutableArray<Expectation> ReadExpectations(HoconNode node, ImmutableArray<string> policies, Topology topology)
    {
        var expectations = new List<Expectation>();
        if (node.Missing || !node.RequireObject("expect { policy = [\"metric > 0\", ...] }")) return [];
        foreach (var policy in node.Keys)
        {
            var p = node[policy];
            if (policy != "*" && !policies.Contains(policy))
            {
                p.Diagnostics.Error(p.Path, $"key '{policy}'", $"a policy this scenario runs ({string.Join(", ", policies)}) or \"*\"");
                continue;
            }
            foreach (var item in p.Items("a list of predicates [\"metric > 0\", ...]"))
            {
                var text = item.String($"a predicate: {ExpectationParser.Grammar}");
                if (text is null) continue;
                var e = ExpectationParser.TryParse(policy, text, topology, out var error);
                if (e is not null) expectations.Add(e);
                else if (!NamesUnresolved(ExpectationParser.MetricOf(text), item.Diagnostics)) item.Fail(error!);
            }
        }
        return [.. expectations];
    }

    /// <summary>gpu-us.DEVICE or missed-frames.OUTPUT of a device or output that did not read (reported already).</summary>
    private static bool NamesUnresolved(string? metric, Diagnostics d)
    {
        var dot = metric?.IndexOf('.') ?? -1;
        return dot > 0 && metric![..dot] is "gpu-us" or "missed-frames" && d.Unresolved.Contains(metric[(dot + 1)..]);
    }
}
