using Xunit.Abstractions;

namespace Emulation.Tests.Replay;

/// <summary>Every trace in traces/ replays through the `replay` verb with every expectation holding (exit 0).</summary>
public class TraceCorpusTests(ITestOutputHelper output)
{
    public static TheoryData<string> Traces()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(ReplayHarness.TracesDirectory, "*.seq", SearchOption.AllDirectories)
                     .Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(ReplayHarness.TracesDirectory, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Traces))]
    public void Trace_replays_with_every_expectation_holding(string trace)
    {
        var run = ReplayHarness.RunPath(Path.Combine(ReplayHarness.TracesDirectory, trace));
        var failing = run.Stdout.Split('\n').Where(l => l.Contains("\"pass\":false", StringComparison.Ordinal)).ToList();
        foreach (var line in failing) output.WriteLine(line);
        if (run.Stderr.Length > 0) output.WriteLine(run.Stderr);
        Assert.True(run.Exit == 0,
            $"{trace} exited {run.Exit}\n{string.Join("\n", failing)}\n{run.Stderr}");
        Assert.NotEmpty(run.Json);
        Assert.All(run.Json, line => Assert.False(line.TryGetProperty("pass", out var pass) && !pass.GetBoolean()));
    }

    [Fact]
    public void The_corpus_covers_the_issue_topics()
    {
        var names = Directory.EnumerateFiles(ReplayHarness.TracesDirectory, "*.seq").Select(Path.GetFileName).ToList();
        foreach (var expected in new[]
                 {
                     "prime-self-import.seq", "prime-mmap.seq", "prime-vgem.seq", "dedup.seq", "close-semantics.seq",
                     "errors.seq", "cross-device.seq", "no-move-vgem-vkms.seq", "hybrid-no-move.seq",
                     "hybrid-import-pins.seq", "hybrid-eviction.seq",
                 })
            Assert.Contains(expected, names);
    }
}
