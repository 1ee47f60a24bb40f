namespace Emulation.Tests.Replay;

/// <summary>The `emulation replay` command line, invoked in-process.</summary>
public class ReplayCliTests
{
    private static string Trace(string name) => Path.Combine(ReplayHarness.TracesDirectory, name);

    [Fact]
    public void Replay_prints_json_lines_on_standard_output_and_exits_0()
    {
        var run = ReplayHarness.Cli("replay", Trace("prime-self-import.seq"));
        Assert.Equal(0, run.Exit);
        Assert.NotEmpty(run.Json);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public void Replay_takes_topology_knob_and_json_options()
    {
        var json = Path.Combine(Path.GetTempPath(), $"replay-{Guid.NewGuid():N}.jsonl");
        try
        {
            var run = ReplayHarness.Cli("replay", Trace("hybrid-import-pins.seq"),
                "--topology", Path.Combine(ReplayHarness.TracesDirectory, "topologies", "hybrid-laptop.hocon"),
                "--knob", "move-notify=false", "--knob", "respects-attachments=default", "--json", json);
            Assert.Equal(0, run.Exit);
            Assert.Equal("", run.Stdout);
            var lines = File.ReadAllLines(json);
            Assert.NotEmpty(lines);
            Assert.All(lines, l => Assert.StartsWith("{\"i\":", l));
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public void A_broken_expectation_exits_1()
    {
        var path = ReplayHarness.TempTrace("open A vgem => EINVAL");
        try
        {
            var run = ReplayHarness.Cli("replay", path);
            Assert.Equal(1, run.Exit);
            Assert.Contains("\"failed\":[\"EINVAL\"]", run.Stdout);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("replay", "traces/x.seq", "--frobnicate")]
    [InlineData("replay", "a.seq", "b.seq")]
    [InlineData("replay", "a.seq", "--topology")]
    [InlineData("frobnicate")]
    [InlineData]
    public void Unknown_options_verbs_and_missing_arguments_exit_2(params string[] args)
    {
        var run = ReplayHarness.Cli(args);
        Assert.Equal(2, run.Exit);
        Assert.Equal("", run.Stdout);
        Assert.NotEqual("", run.Stderr);
    }

    [Fact]
    public void Bad_input_to_replay_exits_2()
    {
        Assert.Equal(2, ReplayHarness.Cli("replay", "no-such-file.seq").Exit);
        Assert.Equal(2, ReplayHarness.Cli("replay", Trace("errors.seq"), "--topology", "T99").Exit);
        Assert.Equal(2, ReplayHarness.Cli("replay", Trace("errors.seq"), "--knob", "no-move=maybe").Exit);
        var malformed = ReplayHarness.TempTrace("open A vgem\nopen B nowhere");
        try
        {
            var run = ReplayHarness.Cli("replay", malformed);
            Assert.Equal(2, run.Exit);
            Assert.Equal("", run.Stdout);
            Assert.StartsWith($"{malformed}:2: expected a device of the topology", run.Stderr);
        }
        finally
        {
            File.Delete(malformed);
        }
    }

    [Fact]
    public void Help_is_not_an_error()
    {
        var run = ReplayHarness.Cli("replay", "--help");
        Assert.Equal(0, run.Exit);
        Assert.Contains("--topology", run.Stdout);
    }
}
