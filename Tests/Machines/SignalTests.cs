using System.Diagnostics;

namespace Emulation.Tests.Machines;

/// <summary>
/// A run stops when asked: SIGINT or SIGTERM to a running `emulation run` makes it exit 130 or 143 within a few
/// seconds, saying what was interrupted, with nothing on standard output and no report file written.
/// </summary>
[Collection("processes")]
public sealed class SignalTests
{
    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task A_signal_stops_a_run_within_seconds(string signal, int expected)
    {
        var json = Path.Combine(Path.GetTempPath(), $"emulation-signal-{Guid.NewGuid():N}.json");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "emulation.dll"));
        foreach (var a in new[] { "run", "T01", "--machines", "2000", "--json", json }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        // Running: the first progress line (a line every 5 s without a terminal) says machines are finishing.
        var first = await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Contains("machines", first);
        using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString()])!) await kill.WaitForExitAsync();
        var sent = Stopwatch.StartNew();
        var rest = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(sent.Elapsed < TimeSpan.FromSeconds(15), $"exited {sent.Elapsed.TotalSeconds:0.0} s after SIG{signal}");
        Assert.Equal(expected, process.ExitCode);
        Assert.Contains($"T01: interrupted by SIG{signal} after", rest);
        Assert.Equal("", await stdout);
        Assert.False(File.Exists(json));
    }
}
