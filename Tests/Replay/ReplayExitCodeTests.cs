using Emulation.Actors.Uapi;

namespace Emulation.Tests.Replay;

/// <summary>Exit codes 0 / 1 / 2 / 3 of a replay, and what is printed with each.</summary>
public class ReplayExitCodeTests
{
    [Fact]
    public void All_expectations_holding_exits_0()
    {
        var run = ReplayHarness.RunFile("open A vgem => ok\nopen B vkms render => ENOENT");
        Assert.Equal(0, run.Exit);
        Assert.Equal(2, run.Json.Length);
    }

    [Fact]
    public void A_broken_expectation_exits_1_lists_it_and_the_replay_goes_on()
    {
        var run = ReplayHarness.RunFile("""
            open A vgem
            create H A 64 64 32 => ok size=4096 handle=1
            export D A H 0 => EINVAL
            read D => value=0
            """);
        Assert.Equal(1, run.Exit);
        var lines = run.Json;
        Assert.Equal(4, lines.Length);
        Assert.False(lines[1].GetProperty("pass").GetBoolean());
        Assert.Equal(["size=4096"], lines[1].GetProperty("failed").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["EINVAL"], lines[2].GetProperty("failed").EnumerateArray().Select(e => e.GetString()));
        Assert.True(lines[3].GetProperty("pass").GetBoolean());
        Assert.Contains("2 line(s)", run.Stderr);
    }

    [Fact]
    public void A_malformed_trace_exits_2_with_the_line_number_and_prints_no_operation_line()
    {
        var run = ReplayHarness.RunFile("open A vgem\ncreate H A 64 64 32\n\nexport D A H SOMETIMES\nread D");
        Assert.Equal(2, run.Exit);
        Assert.Equal("", run.Stdout);
        Assert.Matches(@"^/\S+\.seq:4: expected FLAGS", run.Stderr);
    }

    [Fact]
    public void A_firing_invariant_exits_3_and_the_replay_goes_on_printing()
    {
        var fired = 0;
        IReadOnlyList<InvariantViolation> Check(KernelState s) =>
            s.Files.Count == 2 && fired++ == 0 ? [new InvariantViolation(Invariant.HandleTablesConsistent, "injected")] : [];
        var run = ReplayHarness.RunFile("open A vgem\nopen B vgem => ok\nopen C vgem", check: Check);
        Assert.Equal(3, run.Exit);
        Assert.Equal(3, run.Json.Length);
        Assert.Contains("2: invariant violated after `open`: HandleTablesConsistent: injected", run.Stderr);
    }

    [Fact]
    public void A_firing_invariant_wins_over_a_broken_expectation()
    {
        var run = ReplayHarness.RunFile("open A vgem => EINVAL\nopen B vgem",
            check: s => s.Files.Count == 2 ? [new InvariantViolation(Invariant.PoolWithinCapacity, "injected")] : []);
        Assert.Equal(3, run.Exit);
        Assert.False(run.Json[0].GetProperty("pass").GetBoolean());
    }

    [Fact]
    public void The_real_checker_runs_after_every_operation()
    {
        var checkedStates = 0;
        var run = ReplayHarness.RunFile("open A vgem\nknob move-notify true\ncreate H A 1 1 32\nclose-file A",
            check: s => { checkedStates++; return InvariantChecker.Check(s); });
        Assert.Equal(0, run.Exit);
        Assert.Equal(3, checkedStates);
    }

    [Fact]
    public void A_missing_trace_unknown_topology_or_bad_knob_exits_2_without_output()
    {
        var missing = ReplayHarness.RunPath(Path.Combine(Path.GetTempPath(), "no-such-trace.seq"));
        Assert.Equal(2, missing.Exit);
        Assert.StartsWith($"{Path.Combine(Path.GetTempPath(), "no-such-trace.seq")}: found no such file, expected a trace (.seq)", missing.Stderr);

        var unknown = ReplayHarness.RunFile("open A vgem", topology: "T99");
        Assert.Equal(2, unknown.Exit);
        Assert.Equal("", unknown.Stdout);
        Assert.Contains("T99", unknown.Stderr);

        var header = ReplayHarness.RunFile("# header\ntopology no-such-topology.hocon\nopen A vgem");
        Assert.Equal(2, header.Exit);
        Assert.Matches(@"^/\S+\.seq:2: topology:", header.Stderr);

        foreach (var knob in new[] { "pin-timing", "pin-timing=sometimes", "colour=blue", "=map" })
        {
            var bad = ReplayHarness.RunFile("open A vgem", knobs: [knob]);
            Assert.Equal(2, bad.Exit);
            Assert.Equal("", bad.Stdout);
            Assert.Contains("--knob", bad.Stderr);
        }
    }
}
