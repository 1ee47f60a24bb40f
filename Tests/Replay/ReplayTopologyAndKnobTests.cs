namespace Emulation.Tests.Replay;

/// <summary>Which topology and knobs a replay runs with: header, command line, knob lines.</summary>
public class ReplayTopologyAndKnobTests
{
    private static string LaptopFile => Path.Combine(ReplayHarness.TracesDirectory, "topologies", "hybrid-laptop.hocon");

    /// <summary>A NO_MOVE probe of a dGPU buffer by the iGPU; with pin-timing=map (6.15 on) the import itself moves nothing.</summary>
    private const string Probe = """
        knob pin-timing map
        open C dgpu render
        open W igpu
        alloc B C 33554432 vram
        export D C B CLOEXEC
        import I W D NO_MOVE
        """;

    private static string? ErrnoOfLast(VerbRun run) =>
        run.Json[^1].GetProperty("errno").ValueKind == System.Text.Json.JsonValueKind.Null ? null : run.Json[^1].GetProperty("errno").GetString();

    [Fact]
    public void Without_a_header_the_trace_runs_on_vgem_vkms()
    {
        Assert.Equal(0, ReplayHarness.RunFile("open A vgem\nopen B vkms render => ENOENT").Exit);
        var run = ReplayHarness.RunFile("open A igpu");
        Assert.Equal(2, run.Exit);
        Assert.Contains("expected a device of the topology (vgem, vkms)", run.Stderr);
    }

    [Fact]
    public void A_header_file_is_found_next_to_the_trace()
    {
        var dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"replay-{Guid.NewGuid():N}"));
        try
        {
            File.Copy(LaptopFile, Path.Combine(dir.FullName, "laptop.hocon"));
            var trace = Path.Combine(dir.FullName, "t.seq");
            File.WriteAllText(trace, "topology laptop.hocon\n" + Probe);
            var run = ReplayHarness.RunPath(trace);
            Assert.Equal(0, run.Exit);
            Assert.Null(ErrnoOfLast(run));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_command_line_topology_overrides_the_header()
    {
        var run = ReplayHarness.RunFile("topology vgem-vkms\n" + Probe, topology: LaptopFile);
        Assert.Equal(0, run.Exit);
        Assert.Equal(5, run.Json.Length);
        // names are checked against the topology actually used
        var other = ReplayHarness.RunFile("topology " + LaptopFile + "\nopen A vgem", topology: "VGEM-VKMS");
        Assert.Equal(0, other.Exit);
    }

    [Fact]
    public void Knob_lines_apply_to_the_operations_after_them()
    {
        var run = ReplayHarness.RunFile($"topology {LaptopFile}\n{Probe}\nclose-handle W I\nknob no-move placement\nimport I W D NO_MOVE => EINVAL");
        Assert.Equal(0, run.Exit);
        Assert.Null(run.Json[4].GetProperty("errno").GetString());
    }

    [Fact]
    public void A_command_line_knob_overrides_the_knob_lines_before_the_first_operation_only()
    {
        var leading = $"topology {LaptopFile}\nknob no-move placement\n{Probe}";
        Assert.Equal("EINVAL", ErrnoOfLast(ReplayHarness.RunFile(leading)));
        Assert.Null(ErrnoOfLast(ReplayHarness.RunFile(leading, knobs: ["no-move=unsupported"])));
        Assert.Equal("EINVAL", ErrnoOfLast(ReplayHarness.RunFile($"topology {LaptopFile}\n{Probe}", knobs: ["no-move=placement"])));

        var later = $"topology {LaptopFile}\n{Probe}\nclose-handle W I\nknob no-move placement\nimport I W D NO_MOVE";
        Assert.Equal("EINVAL", ErrnoOfLast(ReplayHarness.RunFile(later, knobs: ["no-move=unsupported"])));
    }

    [Fact]
    public void A_topology_taken_from_a_scenario_file_brings_no_knobs()
    {
        var file = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():N}.hocon");
        File.WriteAllText(file, """
            scenario {
              kernel { no-move = placement }
              topology {
                devices = [
                  { id = igpu, driver = i915, kind = render-display, outputs = [edp] }
                  { id = dgpu, driver = amdgpu, kind = render-display, outputs = [hdmi] }
                ]
              }
            }
            """);
        try
        {
            var run = ReplayHarness.RunFile(Probe, topology: file);
            Assert.Equal(0, run.Exit);
            Assert.Null(ErrnoOfLast(run));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Knob_lines_that_cannot_be_together_are_a_malformed_trace_and_so_is_an_override_that_makes_them_so()
    {
        var lines = $"topology {LaptopFile}\nknob move-notify false\nknob kernel 7.1\n{Probe}";
        var run = ReplayHarness.RunFile(lines);
        Assert.Equal(2, run.Exit);
        Assert.Contains("3: expected knobs that can go together: kernel = 7.1 with move-notify = false: from 7.1 move-notify is always on", run.Stderr);
        var overridden = ReplayHarness.RunFile($"topology {LaptopFile}\nknob kernel 7.1\n{Probe}", knobs: ["move-notify=false"]);
        Assert.Equal(2, overridden.Exit);
        Assert.Contains("--knob move-notify=false: kernel = 7.1 with move-notify = false", overridden.Stderr);
        Assert.Empty(overridden.Json);
    }

    [Fact]
    public void Tick_lets_emulated_time_pass_and_is_refused_negative()
    {
        var run = ReplayHarness.RunFile($"topology {LaptopFile}\ntick 16\ntick 0");
        Assert.Equal(0, run.Exit);
        Assert.All(run.Json, l => Assert.True(l.GetProperty("ok").GetBoolean()));
        Assert.Equal(2, ReplayHarness.RunFile($"topology {LaptopFile}\ntick -1").Exit);
    }
}
