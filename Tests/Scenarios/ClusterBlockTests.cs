namespace Emulation.Tests.Scenarios;

/// <summary>The `cluster` block of a scenario: its nodes, and what it refuses (each with file, path, value and expectation).</summary>
public sealed class ClusterBlockTests
{
    private static CliRun Validate(string cluster)
    {
        using var files = new ScenarioFiles();
        var path = files.Write("S7-cluster.hocon", $$"""
            scenario {
              topology = T01
              clients = []
              cluster { {{cluster}} }
            }
            """);
        return Cli.Run("validate", path);
    }

    [Fact]
    public void A_script_is_shown_by_validate()
    {
        var run = Validate("nodes = [ { name = a }, { name = b, join = 0.5, crash = 0.75 }, { name = c, roles = [] } ]");
        Assert.Equal(0, run.Exit);
        Assert.Contains("cluster: a (worker), b (worker, joins at 0.5, crashes at 0.75), c (no roles)", run.Stdout);
    }

    [Theory]
    [InlineData("nodes = [ { name = a, roles = [coordinator] } ]", "scenario.cluster.nodes[0].roles[0]", "'coordinator'", "one of: worker")]
    [InlineData("nodes = [ { name = a }, { name = b, leave = 0.5, crash = 0.6 } ]", "scenario.cluster.nodes[1]", "both leave and crash", "at most one of leave and crash")]
    [InlineData("nodes = [ { name = a }, { name = b, join = 0.5, leave = 0.4 } ]", "scenario.cluster.nodes[1].leave", "'0.4'", "a fraction after the node joins (join = 0.5)")]
    [InlineData("nodes = [ { name = a, crash = 0.5 } ]", "scenario.cluster.nodes", "no worker there from start to end", "at least one node with roles = [worker]")]
    [InlineData("nodes = [ { name = a }, { name = a } ]", "scenario.cluster.nodes[1].name", "'a'", "a name no other node has")]
    [InlineData("nodes = [ { name = a, join = 1.5 } ]", "scenario.cluster.nodes[0].join", "'1.5'", "a number from 0 to 0.99")]
    [InlineData("members = []", "scenario.cluster.members", "key 'members'", "one of: nodes")]
    public void A_bad_script_is_bad_input(string cluster, string path, string found, string expected)
    {
        var run = Validate(cluster);
        Assert.Equal(2, run.Exit);
        Assert.Equal("", run.Stdout);
        Assert.Contains(run.ErrorLines, l => l.Contains($": {path}: found {found}, expected {expected}", StringComparison.Ordinal));
    }
}
