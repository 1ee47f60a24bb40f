namespace Emulation.Tests.Scenarios;

/// <summary>All the problems of a file at once, each once; none that is only the echo of another.</summary>
public class ManyProblemsTests
{
    [Fact]
    public void Every_independent_problem_of_a_file_is_reported_in_one_run()
    {
        using var files = new ScenarioFiles();
        var path = files.Write("S1-many", EveryKeyScenario.Text
            .Swap("machines = 3", "machines = three")
            .Swap("no-move = rfc-hook", "no-move = rfc")
            .Swap("driver = xe,", "driver = xe2,")
            .Swap("name = tool", "name = term")
            .Swap("frame = 60, knob", "frame = 90, knob")
            .Swap("copies.blit <= 10", "copies.blit =< 10"));
        var run = Cli.Run("validate", path);
        Assert.Equal(2, run.Exit);
        Assert.Equal("", run.Stdout);
        ScenarioText.AssertErrors(
        [
            $"{path}: scenario.machines: found 'three', expected a whole number from 1 to 100000",
            $"{path}: scenario.kernel.no-move: found 'rfc', expected one of: unsupported, placement, rfc-hook",
            $"{path}: scenario.topology.devices[2].driver: found 'xe2', expected one of: amdgpu, amdgpu-apu, i915, xe, xe-igpu, nouveau, nvidia, generic-gem, cma-kms, usb-display",
            $"{path}: scenario.clients[3].name: found 'term', expected a name no other client has",
            $"{path}: scenario.timeline[7].frame: found '90', expected a whole number from 0 to 89",
            $"{path}: scenario.expect.client-hint[1]: found 'copies.blit =< 10', expected METRIC OP NUMBER or mean(METRIC) OP NUMBER, OP one of < <= = != >= >",
        ], run.ErrorLines);
    }

    [Fact]
    public void A_topology_without_devices_is_not_echoed_by_every_reference_to_a_device()
    {
        var errors = ScenarioText.Errors(System.Text.RegularExpressions.Regex.Replace(EveryKeyScenario.Text, @"devices = \[.*?\n    \]\n",
            "devices = []\n", System.Text.RegularExpressions.RegexOptions.Singleline));
        ScenarioText.AssertErrors(
        [
            $"{ScenarioText.File}: scenario.topology.devices: found an empty list, expected a non-empty list of devices [ {{ id = ..., driver = ... }} ]",
            $"{ScenarioText.File}: scenario.topology.p2p[0][0]: found 'dgpu', expected a device id of this topology (none)",
            $"{ScenarioText.File}: scenario.topology.p2p[0][1]: found 'egpu', expected a device id of this topology (none)",
        ], errors);
    }
}
