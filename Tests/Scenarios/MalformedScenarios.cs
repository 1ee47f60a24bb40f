using System.Text.RegularExpressions;
using Emulation.Actors.Scenarios;

namespace Emulation.Tests.Scenarios;

/// <summary>One way to break <see cref="EveryKeyScenario"/>, and the error it must give.</summary>
/// <param name="Path">The key path the error names ("" for a syntax error: the line and column are in Found).</param>
/// <param name="Expected">What the error says was expected (its beginning, for the long lists).</param>
internal sealed record Malformed(string Kind, Func<string, string> Break, string Path, string Found, string Expected);

/// <summary>
/// Kinds of malformed scenario, each with the exact path, value found and expectation its error names.
/// </summary>
internal static class MalformedScenarios
{
    private static string Text => EveryKeyScenario.Text;

    /// <summary>"line L, column C" of the first <paramref name="marker"/> in the base text, plus <paramref name="offset"/> characters.</summary>
    private static string At(string marker, int offset = 0) => HoconSyntax.Position(Text, Text.IndexOf(marker, StringComparison.Ordinal) + offset);

    private static Malformed Case(string kind, string old, string replacement, string path, string found, string expected) =>
        new(kind, t => t.Swap(old, replacement), path, found, expected);

    public static readonly IReadOnlyList<Malformed> All =
    [
        // Syntax: caught before Akka's parser, which would accept some and loop forever on an unclosed list.
        new("brace never closed", t => t.TrimEnd()[..^1], "",
            $"a syntax error at {At("scenario {", 9)}: '{{' is never closed", "well-formed HOCON"),
        new("list never closed", t => t[..(t.IndexOf("[client-hint", StringComparison.Ordinal) + 12)], "",
            $"a syntax error at {At("[client-hint")}: '[' is never closed", "well-formed HOCON"),
        ListClosedByABrace(),
        Case("quoted string not closed", "name = \"test laptop\"", "name = \"test laptop", "",
            $"a syntax error at {At("\"test laptop\"")}: a quoted string is not closed on its line", "well-formed HOCON"),
        Case("character kept out of unquoted values", "seed = 42", "seed = 4*2", "",
            $"a syntax error at {At("seed = 42", 8)}: a '*' outside quotes (quote the value)", "well-formed HOCON"),

        // Keys and types.
        Case("unknown top-level key", "# A made-up", "akka { loglevel = DEBUG }\n# A made-up", "akka", "key 'akka'", "one of: scenario"),
        Case("bar on a device without vram", "{ id = apu, driver = amdgpu-apu, kind = render-only, carveout = 1GiB }",
            "{ id = apu, driver = amdgpu-apu, kind = render-only, carveout = 1GiB, bar = 256MiB }", "scenario.topology.devices[3].bar",
            "'256MiB'", "no bar: driver amdgpu-apu has carveout, not vram"),
        Case("misspelt key", "resizable-bar = true", "resizeable-bar = true", "scenario.topology.devices[1].resizeable-bar",
            "key 'resizeable-bar'", "one of: id, driver, kind, outputs, vram, carveout, resizable-bar, bar, boot-vga, iommu, present, bandwidth, profile"),
        Case("word where a number belongs", "machines = 3", "machines = three", "scenario.machines", "'three'", "a whole number from 1 to 100000"),
        Case("object where a number belongs", "seed = 42", "seed { value = 42 }", "scenario.seed", "an object", "a whole number from 0 to 9223372036854775807"),
        Case("value where a list belongs", "\"*\" = [\"invariant-violations == 0\", \"mean(imports) < 1000\"]", "\"*\" = \"invariant-violations == 0\"",
            "scenario.expect.\"*\"", "'invariant-violations == 0'", "a list of predicates [\"metric > 0\", ...]"),
        Case("required key missing", "allocation = main-device, output = edp }", "allocation = main-device }",
            "scenario.clients[1].output", "nothing", "one of: edp, hdmi, dp-1"),
        Case("not a boolean", "sticky-fallback = false", "sticky-fallback = sometimes", "scenario.compositor.sticky-fallback", "'sometimes'", "true or false"),

        // Topology.
        Case("unknown driver", "driver = xe,", "driver = xe2,", "scenario.topology.devices[2].driver", "'xe2'",
            "one of: amdgpu, amdgpu-apu, i915, xe, xe-igpu, nouveau, nvidia, generic-gem, cma-kms, usb-display"),
        Case("unknown device kind", "kind = render-only", "kind = gpu", "scenario.topology.devices[3].kind", "'gpu'",
            "one of: render-display, render-only, display-only, usb-display"),
        Case("duplicate device id", "id = egpu", "id = dgpu", "scenario.topology.devices[2].id", "'dgpu'", "an id no other device has"),
        Case("duplicate output name", "outputs = []", "outputs = [hdmi]", "scenario.topology.devices[2].outputs[0]", "'hdmi'",
            "an output name no other output has ('hdmi' is an output of dgpu already)"),
        new("no devices", t => Regex.Replace(t, @"devices = \[.*?\n    \]\n", "devices = []\n", RegexOptions.Singleline),
            "scenario.topology.devices", "an empty list", "a non-empty list of devices"),
        Case("size with a wrong unit", "vram = 12GiB", "vram = 12GIB", "scenario.topology.devices[2].vram", "'12GIB'", "a size such as 8GiB, 512MiB or 4096"),
        Case("vram on a device that has none", "boot-vga = true,", "boot-vga = true, vram = 1GiB,", "scenario.topology.devices[0].vram", "'1GiB'",
            "no vram size: driver i915 has no local memory"),
        Case("outputs on a render-only device", "carveout = 1GiB }", "carveout = 1GiB, outputs = [lvds] }", "scenario.topology.devices[3].outputs",
            "a list", "no outputs on a render-only device"),
        Case("p2p with an unknown device", "p2p = [[dgpu, egpu]]", "p2p = [[dgpu, egpu2]]", "scenario.topology.p2p[0][1]", "'egpu2'",
            "a device id of this topology (igpu, dgpu, egpu, apu)"),
        Case("unknown profile column", "no-move-hook = never-moves", "no-move-hook = never-moves, pins = gtt", "scenario.topology.devices[1].profile.pins",
            "key 'pins'", "one of: importer, p2p, attach, pin,"),
        Case("bad bandwidth", "link = 15.75", "link = -15.75", "scenario.topology.devices[1].bandwidth.link", "'-15.75'", "a positive number (GB/s)"),
        Case("resolution without a height", "refresh = 120, size = 2560x1600", "refresh = 120, size = 2560x",
            "scenario.topology.devices[0].outputs[0].size", "'2560x'", "WIDTHxHEIGHT, e.g. 3840x2160"),
        Case("unknown catalogue topology", "topology {\n    name = laptop", "topology = T99\n  topology-was {\n    name = laptop",
            "scenario.topology", "'T99'", "vgem-vkms or a catalogue id of another scenario ("),

        // Kernel, compositor, policies.
        Case("bad knob value", "no-move = rfc-hook", "no-move = rfc", "scenario.kernel.no-move", "'rfc'", "one of: unsupported, placement, rfc-hook"),
        Case("unknown knob", "same-device = supported", "same_device = supported", "scenario.kernel.same_device", "key 'same_device'",
            "one of: kernel, pin-timing, move-notify, no-move, same-device, respects-attachments, amdgpu-pin, new-alloc-under-pressure, move-throttle, ttm-fallback"),
        Case("unknown primary preset", "primary = integrated", "primary = nvidia", "scenario.compositor.primary", "'nvidia'",
            "one of: boot-vga, built-in-panel, integrated, first-listed"),
        Case("unknown policy", "\"no-move-probe/output-first\"]", "\"no-move-probe/output\"]", "scenario.policies[2]", "'no-move-probe/output'",
            "one of: legacy, no-move-probe/primary-first, no-move-probe/output-first, same-device, dynamic-no-pin, client-hint, shadow-copy"),
        Case("policy listed twice", "policies = [client-hint, legacy,", "policies = [client-hint, legacy, client-hint,", "scenario.policies[2]",
            "'client-hint'", "each policy once"),

        // Clients.
        Case("client on an unknown device", "device = dgpu, allocation = sampling-device", "device = nvidia0, allocation = sampling-device",
            "scenario.clients[0].device", "'nvidia0'", "one of: igpu, dgpu, egpu, apu"),
        Case("client on an unknown output", "allocation = prime-blit, output = dp-1", "allocation = prime-blit, output = dp-2",
            "scenario.clients[2].output", "'dp-2'", "one of: edp, hdmi, dp-1"),
        Case("unknown client kind", "kind = terminal", "kind = shell", "scenario.clients[1].kind", "'shell'",
            "one of: game, video, browser, terminal"),
        Case("damage above the whole buffer", "damage = 0.05", "damage = 1.5", "scenario.clients[1].damage", "'1.5'",
            "a fraction above 0 and at most 1 (1 = the whole buffer)"),
        Case("negative gpu time", "gpu-ms = 0.5", "gpu-ms = -1", "scenario.clients[1].gpu-ms", "'-1'", "a number from 0 to 1000 (ms)"),
        Case("duplicate client name", "name = tool", "name = term", "scenario.clients[3].name", "'term'", "a name no other client has"),
        Case("unknown allocation policy", "allocation = tranche-walk", "allocation = tranche", "scenario.clients[3].allocation", "'tranche'",
            "one of: main-device, tranche-walk, prime-blit, sampling-device"),
        Case("client size not a resolution", "size = 3840x2160", "size = 4k", "scenario.clients[0].size", "'4k'", "WIDTHxHEIGHT, e.g. 3840x2160"),
        Case("client stops after the last frame", "stop = 80", "stop = 91", "scenario.clients[0].stop", "'91'", "a whole number from 6 to 90"),

        // Timeline.
        Case("event beyond the last frame", "frame = 60, knob", "frame = 90, knob", "scenario.timeline[7].frame", "'90'", "a whole number from 0 to 89"),
        Case("event moves an unknown client", "client-stop { client = video }", "client-stop { client = vidoe }",
            "scenario.timeline[5].client-stop.client", "'vidoe'", "one of: game, term, video, tool"),
        Case("window moved to an unknown output", "output = dp-1 } }", "output = dp-2 } }", "scenario.timeline[0].move-window.output", "'dp-2'",
            "one of: edp, hdmi, dp-1"),
        Case("unplug of an unknown device", "unplug { device = dgpu }", "unplug { device = gpu1 }", "scenario.timeline[3].unplug.device", "'gpu1'",
            "one of: igpu, dgpu, egpu, apu"),
        Case("unknown event kind", "{ frame = 35, replug { device = dgpu } }", "{ frame = 35, reboot { device = dgpu } }", "scenario.timeline[4].reboot",
            "key 'reboot'", "one of: frame, vram-pressure, move-window, client-start, client-stop, unplug, replug, knob"),
        Case("two kinds in one event", "unplug { device = dgpu } }", "unplug { device = dgpu }, replug { device = dgpu } }", "scenario.timeline[3]",
            "2 event kinds (replug, unplug)", "exactly one event kind besides frame"),
        Case("pressure with bytes and leave", "bytes = 1GiB, frames = 20", "bytes = 1GiB, leave = 2GiB, frames = 20",
            "scenario.timeline[1].vram-pressure.leave", "'2GiB'", "no leave next to bytes = '1GiB' (one of bytes = SIZE taken, or leave = SIZE left free)"),
        Case("pressure with neither bytes nor leave", "leave = 64MiB, pinned = true", "pinned = true", "scenario.timeline[2].vram-pressure",
            "neither bytes nor leave", "one of bytes = SIZE taken, or leave = SIZE left free"),
        Case("pressure on a device without local memory", "vram-pressure { device = dgpu", "vram-pressure { device = igpu",
            "scenario.timeline[1].vram-pressure.device", "'igpu'", "one of: dgpu, egpu, apu"),
        Case("bad knob in the timeline", "knob { move-notify = false", "knob { move-notify = never", "scenario.timeline[7].knob.move-notify",
            "'never'", "one of: true, false"),

        // Variation.
        Case("variation of an unknown target", "dgpu.vram = [2GiB, 4GiB]", "gpu.vram = [2GiB, 4GiB]", "scenario.variation.gpu", "key 'gpu'",
            "a device id or client name (igpu, dgpu, egpu, apu, game, term, video, tool)"),
        Case("variation of an unknown field", "game.fps = [60, 144]", "game.refresh = [60, 144]", "scenario.variation.game.refresh", "key 'refresh'",
            "one of: start, fps, device, output, buffers"),
        Case("variation value of the wrong type", "dgpu.resizable-bar = [false, true]", "dgpu.resizable-bar = [false, maybe]",
            "scenario.variation.dgpu.resizable-bar[1]", "'maybe'", "true or false"),
        Case("variation start beyond the frames", "game.start = [0, 5, 10]", "game.start = [0, 5, 90]", "scenario.variation.game.start[2]", "'90'",
            "a whole number from 0 to 89"),
        Case("variation with no values", "term.buffers = [2, 3]", "term.buffers = []", "scenario.variation.term.buffers", "an empty list",
            "a non-empty list of values [a, b, ...]"),

        // Expectations.
        Case("expectation for a policy not run", "legacy = [\"import-migrations > 0\"", "same-device = [\"import-migrations > 0\"",
            "scenario.expect.same-device", "key 'same-device'", "a policy this scenario runs (legacy, no-move-probe/output-first, client-hint) or \"*\""),
        Case("malformed predicate", "copies.blit <= 10", "copies.blit =< 10", "scenario.expect.client-hint[1]", "'copies.blit =< 10'",
            "METRIC OP NUMBER or mean(METRIC) OP NUMBER, OP one of < <= = != >= >"),
        Case("unknown metric", "gpu-us.dgpu > 0", "gpu-ms.dgpu > 0", "scenario.expect.client-hint[2]", "'gpu-ms.dgpu > 0'",
            "a metric name (imports, imports.clean, imports.migrated,"),
        Case("metric of an unknown output", "missed-frames.hdmi != 3", "missed-frames.hdmi-2 != 3", "scenario.expect.client-hint[3]",
            "'missed-frames.hdmi-2 != 3'", "a metric name ("),
    ];

    private static Malformed ListClosedByABrace()
    {
        var broken = Text.Swap("\"mean(imports) < 1000\"]", "\"mean(imports) < 1000\"");
        var brace = broken.IndexOf('}', broken.IndexOf("\"mean(imports)", StringComparison.Ordinal));
        var list = broken.IndexOf("\"*\" = [", StringComparison.Ordinal) + 6;
        return new("list closed by a brace", _ => broken, "",
            $"a syntax error at {HoconSyntax.Position(broken, brace)}: '}}' where ']' was expected, to close the '[' at {HoconSyntax.Position(broken, list)}",
            "well-formed HOCON");
    }

    public static Malformed Find(string kind) => All.Single(m => m.Kind == kind);
}
