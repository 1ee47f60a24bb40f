using Emulation.Host.Replay;
using Emulation.Actors.Uapi;

namespace Emulation.Tests.Replay;

/// <summary>The whole file is parsed first; each malformed line is an error naming its number and what was expected.</summary>
public class TraceParserTests
{
    private static TraceError SingleError(string text, Topology? topology = null)
    {
        var parse = ReplayHarness.Parse(text, topology);
        Assert.False(parse.Ok);
        Assert.Null(parse.Trace);
        return Assert.Single(parse.Errors);
    }

    [Fact]
    public void A_well_formed_trace_keeps_lines_args_and_expectations()
    {
        var parse = ReplayHarness.Parse("""
            # a comment
            topology vgem-vkms

            knob no-move placement   # trailing comment
            open A vgem
            create H A 1 1 32 => ok size=4096
            export D A H CLOEXEC|RDWR=>ok
            """);
        Assert.True(parse.Ok, string.Join("\n", parse.Errors));
        var trace = parse.Trace!;
        Assert.Equal(new TopologyLine(2, "vgem-vkms"), trace.Topology);
        Assert.Collection(trace.Lines,
            l => Assert.Equal(new KnobLine(4, "no-move", "placement"), l),
            l => Assert.Equal(new OpenOp("A", 0, false), ((OperationLine)l).Operation),
            l =>
            {
                var op = (OperationLine)l;
                Assert.Equal(6, op.Number);
                Assert.Equal<string>(["H", "A", "1", "1", "32"], op.Args);
                Assert.Equal(["ok", "size=4096"], op.Expectations.Select(e => e.Token));
            },
            l =>
            {
                var op = (OperationLine)l;
                Assert.Equal(new ExportOp("D", "A", "H", ExportFlags.CloExec | ExportFlags.ReadWrite), op.Operation);
                Assert.Equal<string>(["D", "A", "H", "CLOEXEC|RDWR"], op.Args);
                Assert.Equal(["ok"], op.Expectations.Select(e => e.Token));
            });
        Assert.Single(trace.LeadingKnobs);
    }

    [Fact]
    public void Every_operation_of_the_language_parses()
    {
        var parse = ReplayHarness.Parse("""
            open A igpu
            open B dgpu render
            create H A 64 64 32
            alloc X B 0x1000 vram only contiguous
            alloc Y B 4096 gtt contiguous
            export D A H 0
            import I B D NO_MOVE|0x4
            close-handle B I
            dup E D
            seek-end D
            seek-bad D
            import-bad-fd A devnull
            import-bad-fd A closed
            import-bad-fd A self
            write D 0xffffffff
            read E
            map B X
            unmap B X
            render B X
            pressure dgpu 4096
            addfb A H
            scanout A H edp
            query A H
            close-fd D
            close-file A
            unplug dgpu
            replug dgpu
            """, ReplayHarness.Laptop);
        Assert.True(parse.Ok, string.Join("\n", parse.Errors));
        var ops = parse.Trace!.Operations.Select(o => o.Operation).ToList();
        Assert.Equal(27, ops.Count);
        Assert.Equal(new AllocOp("X", "B", 4096, Placement.Vram, true, true), ops[3]);
        Assert.Equal(new AllocOp("Y", "B", 4096, Placement.Gtt, false, true), ops[4]);
        Assert.Equal(new ImportOp("I", "B", "D", ImportFlags.NoMove | ImportFlags.Dynamic), ops[6]);
        Assert.Equal(new ImportBadFdOp("A", BadFdKind.Self), ops[13]);
        Assert.Equal(new WriteOp("D", uint.MaxValue), ops[14]);
        Assert.Equal(new PressureOp(1, 4096), ops[19]);
        Assert.Equal(new ScanoutOp("A", "H", "edp"), ops[21]);
        Assert.Equal(new HotplugOp(1, false), ops[25]);
        Assert.Equal(new HotplugOp(1, true), ops[26]);
    }

    [Theory]
    [InlineData("open A vgem\nfrobnicate A", 2, "expected an operation")]
    [InlineData("open A gpu0", 1, "expected a device of the topology (vgem, vkms), found 'gpu0'")]
    [InlineData("open A vkms\ncreate H A 1 1 32\nscanout A H hdmi", 3, "expected an output of the topology (virtual-1), found 'hdmi'")]
    [InlineData("pressure radeon 4096", 1, "expected a device of the topology (vgem, vkms), found 'radeon'")]
    [InlineData("open A vgem\ncreate H B 1 1 32", 2, "expected a file symbol defined on an earlier line, found 'B'")]
    [InlineData("open A vgem\nexport D A H 0", 2, "expected a handle symbol defined on an earlier line, found 'H'")]
    [InlineData("open A vgem\nimport H A D 0", 2, "expected an fd symbol defined on an earlier line, found 'D'")]
    [InlineData("open A vgem\ndup D D", 2, "expected an fd symbol defined on an earlier line, found 'D'")]
    [InlineData("open 7 vgem", 1, "expected a file symbol to define (a name starting with a letter, never a number), found '7'")]
    [InlineData("open A vgem\ncreate H A 1 1", 2, "expected BPP")]
    [InlineData("open A vgem\ncreate H A 1 -1 32", 2, "expected HEIGHT (a decimal or 0x-hex 32-bit number), found '-1'")]
    [InlineData("open A vgem\ncreate H A 1 0x100000000 32", 2, "found '0x100000000'")]
    [InlineData("open A vgem\ncreate H A 1 1 32 extra", 2, "expected the end of the operation (or `=>` and expectations), found 'extra'")]
    [InlineData("open A vgem\ncreate H A 1 1 32\nexport D A H CLOEXEC|NOPE", 3, "expected FLAGS")]
    [InlineData("open A vgem\ncreate H A 1 1 32\nexport D A H CLOEXEC||RDWR", 3, "expected FLAGS")]
    [InlineData("open A vgem render please", 1, "found 'please'")]
    [InlineData("open A vgem\nimport-bad-fd A socket", 2, "expected what to import instead of a dma-buf (devnull, closed, self), found 'socket'")]
    [InlineData("open A vgem\nalloc H A 4096 hbm", 2, "expected a placement (vram, gtt, system, cma, carveout), found 'hbm'")]
    [InlineData("open A vgem\nalloc H A 4096 system only only", 2, "found 'only'")]
    [InlineData("open A vgem\nwrite", 2, "expected an fd symbol defined on an earlier line (usage: write D U32)")]
    [InlineData("open A vgem\nknob pin-timing sometimes", 2, "bad value 'sometimes' for knob 'pin-timing'")]
    [InlineData("knob colour blue", 1, "unknown knob 'colour'")]
    [InlineData("knob no-move", 1, "expected `knob NAME VALUE`")]
    [InlineData("open A vgem\ntopology vgem-vkms", 2, "`topology` is allowed on the first line only")]
    [InlineData("topology", 1, "expected `topology NAME-OR-FILE`")]
    [InlineData("topology a b", 1, "expected `topology NAME-OR-FILE`")]
    public void A_malformed_line_names_its_number_and_what_was_expected(string text, int line, string expected)
    {
        var error = SingleError(text, text.Contains("dgpu") ? ReplayHarness.Laptop : null);
        Assert.Equal(line, error.Line);
        Assert.Contains(expected, error.Message);
        Assert.StartsWith($"{line}: expected", error.ToString());
    }

    [Theory]
    [InlineData("open A vgem =>", "expected at least one expectation after `=>`")]
    [InlineData("open A vgem => fine", "expected an expectation (ok, an errno name")]
    [InlineData("open A vgem => !ok", "found '!ok'")]
    [InlineData("open A vgem => EWHAT", "found 'EWHAT'")]
    [InlineData("open A vgem => errno=OK", "errno=NAME with a Linux errno name")]
    [InlineData("open A vgem => handle=one", "handle=N with a decimal or 0x-hex number")]
    [InlineData("open A vgem => size=-1", "size=N")]
    [InlineData("open A vgem => value=0x100000000", "value=N")]
    [InlineData("open A vgem => evicted=many", "evicted=N with a count")]
    [InlineData("open A vgem => placement=hbm", "placement=NAME with a placement")]
    [InlineData("open A vgem => same=H", "same= with a handle symbol defined on an earlier line")]
    [InlineData("open A vgem => samebuf=D", "samebuf= with an fd symbol defined on an earlier line")]
    [InlineData("open A vgem => ok => ok", "found '=>'")]
    public void Malformed_expectations_are_errors_of_their_line(string text, string expected)
    {
        var error = SingleError(text);
        Assert.Equal(1, error.Line);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Every_expectation_word_parses()
    {
        var parse = ReplayHarness.Parse("""
            open A vgem
            create H A 1 1 32
            export D A H 0
            import I A D 0 => ok EINVAL errno=ENOSPC handle=1 new old same=H samebuf=D value=0xff size=4096 migrated !migrated pinned !pinned unpinned !unpinned evicted=2 notified=0 evicted !notified placement=gtt placement=none pin-count=1 attachments=0
            """);
        Assert.True(parse.Ok, string.Join("\n", parse.Errors));
        var expectations = parse.Trace!.Operations.Last().Expectations;
        Assert.Equal(24, expectations.Length);
        Assert.Equal(new ExpectNumber("value=0xff", "value", 255), expectations[8]);
        Assert.Equal(new ExpectEffect("!migrated", EffectWord.Migrated, false), expectations[11]);
        Assert.Equal(new ExpectEffectCount("evicted=2", "evict", 2, false), expectations[16]);
        Assert.Equal(new ExpectEffectCount("!notified", "move-notify", 0, false), expectations[19]);
        Assert.Equal(new ExpectPlacement("placement=none", null), expectations[21]);
        Assert.Equal(new ExpectNumber("pin-count=1", "pin_count", 1), expectations[22]);
    }

    [Fact]
    public void Every_malformed_line_is_reported_not_only_the_first()
    {
        var parse = ReplayHarness.Parse("open A vgem\nopen B nowhere\ncreate H A 1 1 32\nexport D A H WHAT\nread D => value=x");
        Assert.Equal([2, 4, 5], parse.Errors.Select(e => e.Line));
    }

    [Fact]
    public void A_name_defined_by_a_line_is_known_from_the_next_line_on_and_may_be_rebound()
    {
        Assert.True(ReplayHarness.Parse("open A vgem\ncreate H A 1 1 32\nexport D A H 0\ndup D D\ndup E D => samebuf=D").Ok);
        Assert.True(ReplayHarness.Parse("open A vgem\ncreate H A 1 1 32\nexport D A H 0\nimport I A D 0 => same=H same=I").Ok);
        // each kind has its own namespace: A is a file, a handle and an fd at once
        Assert.True(ReplayHarness.Parse("open A vgem\ncreate A A 1 1 32\nexport A A A 0\nimport A A A 0").Ok);
    }

    [Fact]
    public void The_topology_header_may_follow_comments_and_blank_lines()
    {
        var lines = new[] { "# header", "", "topology T01   # a comment", "open A igpu" };
        Assert.Equal(new TopologyLine(3, "T01"), TraceParser.FindTopologyHeader(lines));
        Assert.Null(TraceParser.FindTopologyHeader(["open A vgem", "topology T01"]));
        Assert.True(TraceParser.Parse("t.seq", lines, ReplayHarness.Laptop).Ok);
    }

    [Theory]
    [InlineData("0", 0u)]
    [InlineData("CLOEXEC", 0x80000u)]
    [InlineData("CLOEXEC|RDWR", 0x80002u)]
    [InlineData("cloexec|rdwr", 0x80002u)]
    [InlineData("NO_MOVE|SAME_DEVICE|DYNAMIC", 0x7u)]
    [InlineData("BAD", 0x1u)]
    [InlineData("BOGUS", 0x80000000u)]
    [InlineData("0x80000|2", 0x80002u)]
    [InlineData("RDWR|0x10", 0x12u)]
    public void Flags_are_names_or_numbers_joined_with_a_bar(string token, uint expected)
    {
        Assert.True(TraceTokens.TryParseFlags(token, out var flags));
        Assert.Equal(expected, flags);
    }

    [Theory]
    [InlineData("0", 0ul, true)]
    [InlineData("4096", 4096ul, true)]
    [InlineData("0x1000", 4096ul, true)]
    [InlineData("0XFF", 255ul, true)]
    [InlineData("0x", 0ul, false)]
    [InlineData("+1", 0ul, false)]
    [InlineData("1_000", 0ul, false)]
    [InlineData("4KiB", 0ul, false)]
    [InlineData("4294967296", 0ul, false)]
    public void Numbers_are_decimal_or_hex(string token, ulong expected, bool ok)
    {
        Assert.Equal(ok, TraceTokens.TryParseNumber(token, uint.MaxValue, out var value));
        if (ok) Assert.Equal(expected, value);
    }
}
