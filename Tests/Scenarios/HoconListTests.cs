namespace Emulation.Tests.Scenarios;

/// <summary>
/// Empty lists however they are spaced. Akka's parser reads `[]` followed by a blank or a comment as an
/// array value that IsArray() denies, and `[ ]` as an array of one empty element: the reader must see
/// an empty list in every case.
/// </summary>
public class HoconListTests
{
    private const string Minimal = """
        scenario {
          topology {
            devices = [ { id = igpu, driver = i915, outputs = [edp] } ]
            p2p = []
          }
          clients = []
        }
        """;

    public static TheoryData<string> EmptyLists => ["[]", "[] ", "[ ]", "[ ] ", "[]   # none", "[\n]", "[ # none\n ]", "[],"];

    [Theory]
    [MemberData(nameof(EmptyLists))]
    public void An_empty_list_is_a_list_with_no_elements(string empty)
    {
        var s = ScenarioText.Parse(Minimal.Swap("p2p = []", $"p2p = {empty}").Swap("clients = []", $"clients = {empty}"));
        Assert.Empty(s.Topology.P2P);
        Assert.Empty(s.Clients);
    }

    [Theory]
    [MemberData(nameof(EmptyLists))]
    public void An_empty_device_list_is_one_precise_error(string empty)
    {
        var errors = ScenarioText.Errors(Minimal.Swap("devices = [ { id = igpu, driver = i915, outputs = [edp] } ]", $"devices = {empty}"));
        Assert.Equal([$"{ScenarioText.File}: scenario.topology.devices: found an empty list, expected a non-empty list of devices [ {{ id = ..., driver = ... }} ]"],
            errors);
    }

    [Theory]
    [MemberData(nameof(EmptyLists))]
    public void An_empty_policy_list_is_one_precise_error(string empty)
    {
        var errors = ScenarioText.Errors(Minimal.Swap("clients = []", $"clients = []\n  policies = {empty}"));
        Assert.Single(errors);
        Assert.StartsWith($"{ScenarioText.File}: scenario.policies: found an empty list, expected at least one policy of: legacy,", errors[0]);
    }

    [Fact]
    public void A_list_with_a_trailing_comma_has_its_elements()
    {
        var s = ScenarioText.Parse(Minimal.Swap("clients = []", "clients = []\n  policies = [legacy, client-hint, ]"));
        Assert.Equal(["legacy", "client-hint"], s.Policies.ToArray());
    }

    [Fact]
    public void A_value_where_a_list_belongs_is_one_error_not_two()
    {
        var errors = ScenarioText.Errors(Minimal.Swap("clients = []", "clients = game"));
        Assert.Equal([$"{ScenarioText.File}: scenario.clients: found 'game', expected a list of clients [ {{ name = ..., device = ..., output = ... }} ]"], errors);
        errors = ScenarioText.Errors(Minimal.Swap("devices = [ { id = igpu, driver = i915, outputs = [edp] } ]", "devices = igpu"));
        Assert.Equal([$"{ScenarioText.File}: scenario.topology.devices: found 'igpu', expected a list of devices [ {{ id = ..., driver = ... }} ]"], errors);
    }
}
