namespace Emulation.Tests.Scenarios;

/// <summary>
/// The options that change a scenario from the command line (--seed, --machines, --frames, --knob) and the
/// scenario argument itself: bad input exits 2 with one precise line on standard error and nothing on
/// standard output.
/// </summary>
public class CommandLineOverrideTests
{
    private static void AssertBadInput(CliRun run, string line)
    {
        Assert.Equal(2, run.Exit);
        Assert.Equal("", run.Stdout);
        Assert.Equal(line, run.ErrorLines[0]);
        // A command-line parse error adds where to look; anything else is one line.
        Assert.True(run.ErrorLines.Count == 1 || run.ErrorLines is [_, "Try 'emulation --help'."], run.Stderr);
    }

    private static string T01 => Emulation.Actors.Scenarios.Catalogue.Default.FileOf("T01")!;

    [Theory]
    [InlineData("no-move=maybe", "--knob no-move=maybe: bad value 'maybe' for knob 'no-move' (expected one of: unsupported, placement, rfc-hook)")]
    [InlineData("no_move=placement", "--knob no_move=placement: unknown knob 'no_move' (expected one of: kernel, pin-timing, move-notify, no-move, same-device, respects-attachments, amdgpu-pin, new-alloc-under-pressure, move-throttle, ttm-fallback)")]
    [InlineData("no-move", "--knob no-move: expected NAME=VALUE with a kernel knob (kernel, pin-timing, move-notify, no-move, same-device, respects-attachments, amdgpu-pin, new-alloc-under-pressure, move-throttle, ttm-fallback)")]
    [InlineData("=true", "--knob =true: expected NAME=VALUE with a kernel knob (kernel, pin-timing, move-notify, no-move, same-device, respects-attachments, amdgpu-pin, new-alloc-under-pressure, move-throttle, ttm-fallback)")]
    public void A_bad_knob_is_bad_input(string knob, string error)
    {
        AssertBadInput(Cli.Run("validate", "T01", "--knob", knob), error);
        AssertBadInput(Cli.Run("run", "T01", "--knob", "move-notify=true", "--knob", knob), error);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(1)]
    public void Frames_that_end_before_the_last_timeline_event_are_bad_input(int frames)
    {
        AssertBadInput(Cli.Run("validate", "T01", "--frames", $"{frames}"),
            $"--frames {frames}: too few for {T01}, whose timeline has an event at frame 30 (expected at least 31)");
        AssertBadInput(Cli.Run("compare", "T01", "--frames", $"{frames}", "--machines", "1"),
            $"--frames {frames}: too few for {T01}, whose timeline has an event at frame 30 (expected at least 31)");
    }

    [Theory]
    [InlineData("--machines", "0", "--machines: expected a whole number from 1 to 100000, found '0'")]
    [InlineData("--machines", "100001", "--machines: expected a whole number from 1 to 100000, found '100001'")]
    [InlineData("--machines", "abc", "--machines: expected a whole number from 1 to 100000, found 'abc'")]
    [InlineData("--frames", "0", "--frames: expected a whole number from 1 to 1000000, found '0'")]
    [InlineData("--seed", "-1", "--seed: expected a whole number from 0 to 9223372036854775807, found '-1'")]
    public void Counts_out_of_range_are_bad_input(string option, string value, string error)
    {
        AssertBadInput(Cli.Run("validate", "T01", option, value), error);
        AssertBadInput(Cli.Run("run", "T01", option, value), error);
    }

    [Fact]
    public void A_timeout_below_a_second_is_bad_input() =>
        AssertBadInput(Cli.Run("run", "T01", "--timeout", "0"), "--timeout: expected a whole number from 1 to 604800, found '0'");

    [Theory]
    [InlineData("--seed", "-1")]
    [InlineData("--seed", "seven")]
    [InlineData("--machines", "many")]
    public void A_value_of_the_wrong_type_is_bad_input(string option, string value)
    {
        var run = Cli.Run("validate", "T01", option, value);
        Assert.Equal(2, run.Exit);
        Assert.Equal("", run.Stdout);
        Assert.Contains(value, run.Stderr);
    }

    [Fact]
    public void An_unknown_catalogue_id_is_bad_input_that_lists_the_catalogue()
    {
        var run = Cli.Run("validate", "T99");
        Assert.Equal(2, run.Exit);
        Assert.Equal("", run.Stdout);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("T99: found no such file or catalogue id, expected a scenario file or one of the catalogue ids (", line);
        Assert.Contains("T01", line);
    }

    [Fact]
    public void A_missing_file_is_bad_input()
    {
        using var files = new ScenarioFiles();
        var missing = Path.Combine(files.Directory, "S9-missing.hocon");
        foreach (var verb in new[] { "validate", "run", "compare" })
        {
            var run = Cli.Run(verb, missing);
            Assert.Equal(2, run.Exit);
            Assert.Equal("", run.Stdout);
            Assert.StartsWith($"{missing}: found no such file or catalogue id, expected a scenario file or one of the catalogue ids (",
                Assert.Single(run.ErrorLines));
        }
    }

    [Fact]
    public void A_missing_scenario_argument_is_bad_input()
    {
        var run = Cli.Run("validate");
        Assert.Equal(2, run.Exit);
        Assert.Equal("", run.Stdout);
        Assert.NotEqual("", run.Stderr);
    }

    [Fact]
    public void Good_overrides_change_the_scenario()
    {
        var run = Cli.Run("validate", "t01", "--seed", "9", "--machines", "2", "--frames", "31", "--knob", "no-move=rfc-hook", "--knob", "pin-timing=attach");
        Assert.Equal("", run.Stderr);
        Assert.Equal(0, run.Exit);
        Assert.Contains("scenario T01: Intel iGPU + AMD dGPU laptop; seed 9, 2 machines x 31 frames", run.Stdout);
        Assert.Contains("kernel: kernel=proposals, pin-timing=attach, move-notify=true, no-move=rfc-hook, same-device=supported, respects-attachments=default, amdgpu-pin=vram-if-all-p2p, new-alloc-under-pressure=fallback, move-throttle=amdgpu, ttm-fallback=return-if-fits", run.Stdout);
    }
}
