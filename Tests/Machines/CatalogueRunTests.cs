using System.Text.Json;
using Emulation.Actors.Scenarios;
using Emulation.Host.Cli;

namespace Emulation.Tests.Machines;

/// <summary>
/// The catalogue's scenarios validate, run on the embedded cluster (the product's path: sharded machine
/// actors) and meet their `expect` blocks, at more than one machine count.
/// </summary>
public sealed class CatalogueRunTests
{
    public static TheoryData<string, int> Runs() => new()
    {
        { "T01", 1 }, { "T01", 3 }, { "T02", 2 }, { "T09", 1 }, { "T09", 2 }, { "T10", 2 }, { "T12", 1 }, { "T19", 3 },
    };

    [Theory]
    [InlineData("T01")]
    [InlineData("T02")]
    [InlineData("T09")]
    [InlineData("T10")]
    [InlineData("T12")]
    [InlineData("T19")]
    public void Catalogue_scenario_validates(string id)
    {
        var (code, stdout, stderr) = Cli("validate", id);
        Assert.True(code == 0, stderr);
        Assert.Contains("valid", stdout);
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Catalogue_scenario_runs_and_meets_its_expectations(string id, int machines)
    {
        var json = Path.Combine(Path.GetTempPath(), $"emulation-{id}-{machines}-{Guid.NewGuid():N}.json");
        try
        {
            var (code, stdout, stderr) = Cli("run", id, "--machines", machines.ToString(), "--json", json);
            Assert.True(code == 0, $"exit {code}\n{stderr}");
            Assert.Equal("", stdout);
            using var report = JsonDocument.Parse(File.ReadAllText(json));
            var results = report.RootElement.GetProperty("results");
            Assert.Equal(id, results.GetProperty("scenario").GetString());
            Assert.Equal(machines, results.GetProperty("machines").GetInt32());
            var scenario = ScenarioReader.Load(id, Catalogue.Default);
            Assert.Equal(scenario.Policies, results.GetProperty("policies").EnumerateObject().Select(p => p.Name));
            var expectations = results.GetProperty("expectations").EnumerateArray().ToList();
            Assert.NotEmpty(expectations);
            Assert.All(expectations, e => Assert.True(e.GetProperty("pass").GetBoolean(), e.ToString()));
            foreach (var policy in results.GetProperty("policies").EnumerateObject())
                Assert.Equal(0, policy.Value.GetProperty("invariant-violations").GetInt64());
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Theory]
    [InlineData("T01")]
    [InlineData("T02")]
    [InlineData("T09")]
    [InlineData("T10")]
    [InlineData("T12")]
    [InlineData("T19")]
    public void Catalogue_expectations_hold_from_the_shortest_run_allowed(string id)
    {
        var scenario = ScenarioReader.Load(id, Catalogue.Default);
        var frames = Math.Max(1, scenario.LastTimelineFrame + 1);
        var (code, _, stderr) = Cli("run", id, "--machines", "1", "--frames", frames.ToString(), "--seed", "99");
        Assert.True(code == 0, $"{id} with {frames} frames: exit {code}\n{stderr}");
    }

    [Fact]
    public void Compare_prints_the_table_with_every_policy()
    {
        var (code, stdout, stderr) = Cli("compare", "T19", "--machines", "1", "--frames", "80");
        Assert.True(code == 0, stderr);
        foreach (var policy in new[] { "legacy", "no-move-probe/primary-first", "client-hint", "shadow-copy" })
            Assert.Contains(policy, stdout);
        Assert.Contains("ok   legacy: imports.failed = 0", stdout);
    }

    [Fact]
    public void A_run_over_its_bound_gives_up_with_exit_4()
    {
        var (code, stdout, stderr) = Cli("run", "T01", "--machines", "200", "--timeout", "1");
        Assert.Equal(4, code);
        Assert.Equal("", stdout);
        Assert.Contains("gave up", stderr);
    }

    [Fact]
    public void List_names_every_catalogue_id()
    {
        var (code, stdout, _) = Cli("list");
        Assert.Equal(0, code);
        foreach (var id in new[] { "T01", "T02", "T09", "T10", "T12", "T19", "vgem-vkms" })
            Assert.Contains(id, stdout);
    }

    internal static (int Code, string Stdout, string Stderr) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = EmulationCli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
