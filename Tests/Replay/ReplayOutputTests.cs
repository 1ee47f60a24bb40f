using System.Text.Json;

namespace Emulation.Tests.Replay;

/// <summary>The JSON lines: exactly the keys of docs/traces.md ("The output"), per operation, on success and on failure.</summary>
public class ReplayOutputTests
{
    private static readonly string[] Fixed = ["i", "line", "op", "args", "ok", "errno", "effects"];

    /// <summary>docs/traces.md's table: the keys each operation adds on success.</summary>
    private static readonly Dictionary<string, string[]> Added = new()
    {
        ["create"] = ["handle", "new", "size", "placement", "pin_count", "attachments"],
        ["alloc"] = ["handle", "new", "size", "placement", "pin_count", "attachments"],
        ["export"] = ["handle", "buf", "same_buf_as", "accmode", "cloexec", "placement"],
        ["dup"] = ["buf", "same_buf_as", "accmode", "cloexec", "placement"],
        ["import"] = ["handle", "new", "same_as", "buf", "placement", "pin_count", "attachments"],
        ["close-handle"] = ["handle"],
        ["seek-end"] = ["size"],
        ["read"] = ["value"],
        ["write"] = [],
        ["map"] = ["handle", "placement", "pin_count", "attachments"],
        ["unmap"] = ["handle", "placement", "pin_count", "attachments"],
        ["render"] = ["handle", "placement", "pin_count", "attachments"],
        ["addfb"] = ["handle", "placement", "pin_count", "attachments"],
        ["scanout"] = ["handle", "placement", "pin_count", "attachments"],
        ["query"] = ["handle", "placement", "pin_count", "attachments"],
        ["open"] = [],
        ["close-fd"] = [],
        ["close-file"] = [],
        ["pressure"] = [],
        ["unplug"] = [],
        ["replug"] = [],
    };

    private const string EveryOperation = """
        topology vgem-vkms
        # every operation once, most of them succeeding
        knob pin-timing map
        open A vgem
        open K vkms
        create H A 64 64 32
        alloc X A 4096 system
        export D A H CLOEXEC|RDWR
        dup E D
        import I K D 0
        write D 0x12345678
        read E
        seek-end D
        seek-bad D
        import-bad-fd K devnull
        map K I
        unmap K I
        render K I
        addfb K I
        scanout K I virtual-1
        query K I
        close-handle A X
        pressure vgem 4096
        close-fd E
        unplug vgem
        replug vgem
        close-file A
        """;

    private static HashSet<string> KeysOf(JsonElement line) => [.. line.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public void A_successful_line_has_the_fixed_keys_and_exactly_its_row()
    {
        var run = ReplayHarness.RunFile(EveryOperation);
        Assert.Equal(0, run.Exit);
        var lines = run.Json;
        Assert.Equal(24, lines.Length);
        foreach (var line in lines)
        {
            var op = line.GetProperty("op").GetString()!;
            if (!line.GetProperty("ok").GetBoolean())
            {
                Assert.Equal(Fixed.ToHashSet(), KeysOf(line));
                continue;
            }
            Assert.Equal([.. Fixed, .. Added[op]], KeysOf(line));
        }
        var ops = lines.Where(l => l.GetProperty("ok").GetBoolean()).Select(l => l.GetProperty("op").GetString()).ToHashSet();
        // every operation of the table succeeded once (pressure needs VRAM, which vgem has not)
        Assert.Equal(Added.Keys.Except(["pressure"]).Order(), ops.Order());
    }

    [Fact]
    public void Fixed_keys_number_operations_and_lines_and_keep_the_tokens()
    {
        var lines = ReplayHarness.RunFile(EveryOperation).Json;
        Assert.Equal(Enumerable.Range(1, 24), lines.Select(l => l.GetProperty("i").GetInt32()));
        Assert.Equal(4, lines[0].GetProperty("line").GetInt32());
        Assert.Equal("export", lines[4].GetProperty("op").GetString());
        Assert.Equal(["D", "A", "H", "CLOEXEC|RDWR"], lines[4].GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(JsonValueKind.Null, lines[4].GetProperty("errno").ValueKind);
        Assert.Equal("EINVAL", lines[11].GetProperty("errno").GetString());
        Assert.Equal(JsonValueKind.Array, lines[11].GetProperty("effects").ValueKind);
    }

    [Fact]
    public void Values_have_the_format_pages_types()
    {
        var lines = ReplayHarness.RunFile(EveryOperation).Json;
        var export = lines[4];
        Assert.Equal(1, export.GetProperty("handle").GetInt32());
        Assert.Equal("B1", export.GetProperty("buf").GetString());
        Assert.Equal("O_RDWR", export.GetProperty("accmode").GetString());
        Assert.True(export.GetProperty("cloexec").GetBoolean());
        Assert.Equal("system", export.GetProperty("placement").GetString());
        var dup = lines[5];
        Assert.False(dup.GetProperty("cloexec").GetBoolean());
        Assert.Equal(["D"], dup.GetProperty("same_buf_as").EnumerateArray().Select(a => a.GetString()));
        var import = lines[6];
        Assert.True(import.GetProperty("new").GetBoolean());
        Assert.Equal(0, import.GetProperty("same_as").GetArrayLength());
        Assert.Equal(305419896u, lines[8].GetProperty("value").GetUInt32());
        Assert.Equal(16384, lines[9].GetProperty("size").GetInt64());
        var pin = Assert.Single(import.GetProperty("effects").EnumerateArray());
        Assert.Equal(["kind", "bo"], pin.EnumerateObject().Select(p => p.Name));
        Assert.Equal("pin", pin.GetProperty("kind").GetString());
        Assert.Equal("O1", pin.GetProperty("bo").GetString());
        // the unplugged exporter's BO is revoked: placement null
        var revoked = ReplayHarness.RunFile("open A vgem\nopen K vkms\ncreate H A 1 1 32\nexport D A H 0\nimport I K D 0\nunplug vgem\nquery K I").Json[^1];
        Assert.Equal(JsonValueKind.Null, revoked.GetProperty("placement").ValueKind);
    }

    [Fact]
    public void Effects_carry_from_to_and_bytes_where_they_apply()
    {
        var run = ReplayHarness.Run("""
            knob move-notify true
            open C dgpu render
            open W igpu
            alloc B C 33554432 vram
            export D C B CLOEXEC
            import I W D DYNAMIC
            render W I
            """, ReplayHarness.Laptop);
        var render = run.Lines[^1];
        Assert.Equal(["move-notify", "migrate"], render.Effects.Select(e => e.Kind));
        var json = JsonDocument.Parse(Emulation.Host.Replay.ReplayJson.Format(render)).RootElement.GetProperty("effects");
        Assert.Equal(["kind", "bo"], json[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("O2", json[0].GetProperty("bo").GetString());
        Assert.Equal(["kind", "bo", "from", "to", "bytes"], json[1].EnumerateObject().Select(p => p.Name));
        Assert.Equal("vram", json[1].GetProperty("from").GetString());
        Assert.Equal("gtt", json[1].GetProperty("to").GetString());
        Assert.Equal(33554432, json[1].GetProperty("bytes").GetInt64());
    }

    [Fact]
    public void Expect_pass_and_failed_appear_only_on_lines_with_expectations()
    {
        var lines = ReplayHarness.RunFile("open A vgem\nopen B vgem => ok\nopen C vkms render => ok ENOENT EBADF").Json;
        Assert.False(lines[0].TryGetProperty("expect", out _));
        Assert.False(lines[0].TryGetProperty("pass", out _));
        Assert.Equal(["ok"], lines[1].GetProperty("expect").EnumerateArray().Select(e => e.GetString()));
        Assert.True(lines[1].GetProperty("pass").GetBoolean());
        Assert.False(lines[1].TryGetProperty("failed", out _));
        Assert.Equal(["ok", "ENOENT", "EBADF"], lines[2].GetProperty("expect").EnumerateArray().Select(e => e.GetString()));
        Assert.False(lines[2].GetProperty("pass").GetBoolean());
        Assert.Equal(["ok", "EBADF"], lines[2].GetProperty("failed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([.. Fixed, "expect", "pass", "failed"], KeysOf(lines[2]));
    }

    [Fact]
    public void Every_line_is_one_compact_json_object()
    {
        var run = ReplayHarness.RunFile(EveryOperation);
        var raw = run.Stdout.Split('\n');
        Assert.Equal("", raw[^1]);
        Assert.All(raw[..^1], l => Assert.True(l.StartsWith('{') && l.EndsWith('}') && !l.Contains('\r')));
        Assert.Equal("", run.Stderr);
    }
}
