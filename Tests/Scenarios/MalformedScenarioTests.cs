namespace Emulation.Tests.Scenarios;

/// <summary>
/// Every kind of malformed scenario in <see cref="MalformedScenarios"/> through the command line, in
/// process: exit 2, nothing on standard output, and an error naming the file, the key path, the value
/// found and what was expected. Each run is bounded: a parser that loops fails the test instead of
/// hanging it.
/// </summary>
public class MalformedScenarioTests
{
    public static TheoryData<string> Kinds => [.. MalformedScenarios.All.Select(m => m.Kind)];

    /// <summary>The verb on the broken file, bounded in time.</summary>
    private static (CliRun Run, string Path) Break(string verb, Malformed m, ScenarioFiles files)
    {
        var path = files.Write("S1-broken", m.Break(EveryKeyScenario.Text));
        var run = Task.Run(() => Cli.Run(verb, path));
        Assert.True(run.Wait(TimeSpan.FromSeconds(30)), $"{verb} of a scenario with a {m.Kind} did not finish");
        return (run.Result, path);
    }

    [Fact]
    public void The_unbroken_scenario_is_valid()
    {
        using var files = new ScenarioFiles();
        var run = Cli.Run("validate", files.Write("S1-every-key", EveryKeyScenario.Text));
        Assert.Equal("", run.Stderr);
        Assert.Equal(0, run.Exit);
    }

    [Fact]
    public void There_are_at_least_ten_kinds_and_each_is_distinct()
    {
        Assert.True(MalformedScenarios.All.Count >= 10);
        Assert.Equal(MalformedScenarios.All.Count, MalformedScenarios.All.Select(m => m.Kind).Distinct().Count());
        Assert.Equal(MalformedScenarios.All.Count, MalformedScenarios.All.Select(m => m.Break(EveryKeyScenario.Text)).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Validate_names_file_path_value_and_expectation_and_exits_2(string kind)
    {
        var m = MalformedScenarios.Find(kind);
        using var files = new ScenarioFiles();
        var (run, path) = Break("validate", m, files);
        Cli.AssertRejected(run, path, m.Path, m.Found, m.Expected);
    }

    [Theory]
    [InlineData("run", "list never closed")]
    [InlineData("run", "misspelt key")]
    [InlineData("run", "unknown driver")]
    [InlineData("run", "event beyond the last frame")]
    [InlineData("compare", "unknown metric")]
    [InlineData("compare", "pressure with bytes and leave")]
    public void Run_and_compare_refuse_before_anything_starts(string verb, string kind)
    {
        var m = MalformedScenarios.Find(kind);
        using var files = new ScenarioFiles();
        var (run, path) = Break(verb, m, files);
        Cli.AssertRejected(run, path, m.Path, m.Found, m.Expected);
    }
}
