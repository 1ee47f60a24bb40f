using System.Diagnostics;

using Emulation.Tests.Support;

namespace Emulation.Tests.Machines;

/// <summary>`-` is standard input for a scenario or a trace (conventions: command line), read by the real process.</summary>
[Collection("processes")]
public sealed class StandardInputTests
{
    private static async Task<(int Exit, string Stdout, string Stderr)> Run(string input, params string[] args)
    {
        using var process = Process.Start(EmulationProcess.StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task A_scenario_is_read_from_standard_input()
    {
        var text = await File.ReadAllTextAsync(global::Emulation.Actors.Scenarios.Catalogue.Default.FileOf("T01")!);
        var (exit, stdout, stderr) = await Run(text, "validate", "-");
        Assert.Equal(0, exit);
        Assert.StartsWith("stdin: valid", stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task A_trace_is_read_from_standard_input_and_its_errors_name_stdin()
    {
        var (exit, stdout, _) = await Run("open A vgem\ncreate H A 64 64 32 => ok handle=1\n", "replay", "-");
        Assert.Equal(0, exit);
        Assert.Equal(2, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var (badExit, badStdout, badStderr) = await Run("open A vgem\nopen B nowhere\n", "replay", "-");
        Assert.Equal(2, badExit);
        Assert.Equal("", badStdout);
        Assert.StartsWith("stdin:2: expected a device of the topology", badStderr);
    }
}
