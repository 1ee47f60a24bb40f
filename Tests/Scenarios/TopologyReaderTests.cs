using Emulation.Actors.Scenarios;
using Emulation.Actors.Uapi;

namespace Emulation.Tests.Scenarios;

/// <summary>The topology block: precise paths for clashes, no cascade from a device that did not read, profile overrides.</summary>
public class TopologyReaderTests
{
    private const string Laptop = """
        scenario {
          topology {
            devices = [
              { id = igpu, driver = i915, outputs = [edp] }
              { id = dgpu, driver = amdgpu, outputs = [hdmi] }
            ]
          }
          clients = [ { name = game, device = dgpu, output = hdmi } ]
        }
        """;

    private static string File => ScenarioText.File;

    [Fact]
    public void A_clashing_output_name_is_reported_where_it_is_written()
    {
        var errors = ScenarioText.Errors(Laptop.Swap("outputs = [hdmi]", "outputs = [hdmi, edp]"));
        ScenarioText.AssertErrors([$"{File}: scenario.topology.devices[1].outputs[1]: found 'edp', expected an output name no other output has ('edp' is an output of igpu already)"], errors);
        errors = ScenarioText.Errors(Laptop.Swap("outputs = [hdmi]", "outputs = [hdmi, { name = edp, refresh = 144 }]"));
        ScenarioText.AssertErrors([$"{File}: scenario.topology.devices[1].outputs[1].name: found 'edp', expected an output name no other output has ('edp' is an output of igpu already)"], errors);
    }

    [Fact]
    public void A_device_that_did_not_read_shifts_no_other_devices_errors()
    {
        var errors = ScenarioText.Errors(Laptop
            .Swap("{ id = igpu, driver = i915, outputs = [edp] }", "{ id = igpu, driver = i195, outputs = [edp] }\n{ id = egpu, driver = xe, outputs = [dp] }")
            .Swap("outputs = [hdmi]", "outputs = [dp]"));
        ScenarioText.AssertErrors(
        [
            $"{File}: scenario.topology.devices[0].driver: found 'i195', expected one of: amdgpu, amdgpu-apu, i915, xe, xe-igpu, nouveau, nvidia, generic-gem, cma-kms, usb-display",
            $"{File}: scenario.topology.devices[2].outputs[0]: found 'dp', expected an output name no other output has ('dp' is an output of egpu already)",
            $"{File}: scenario.clients[0].output: found 'hdmi', expected one of: dp",
        ], errors);
    }

    [Fact]
    public void References_to_a_device_that_did_not_read_are_not_reported_again()
    {
        var errors = ScenarioText.Errors(Laptop
            .Swap("driver = amdgpu", "driver = radeon, vram = 8GiB")
            .Swap("    ]\n  }", "    ]\n    p2p = [[igpu, dgpu]]\n  }")
            .Swap("output = hdmi } ]", """
                output = hdmi } ]
                  timeline = [ { frame = 5, unplug { device = dgpu } }, { frame = 6, vram-pressure { device = dgpu, bytes = 1GiB } } ]
                  variation { dgpu.vram = [4GiB, 8GiB], game.device = [igpu, dgpu], game.output = [edp, hdmi] }
                  expect { legacy = ["gpu-us.dgpu > 0", "missed-frames.hdmi = 0"] }
                """));
        ScenarioText.AssertErrors([$"{File}: scenario.topology.devices[1].driver: found 'radeon', expected one of: amdgpu, amdgpu-apu, i915, xe, xe-igpu, nouveau, nvidia, generic-gem, cma-kms, usb-display"],
            errors);
    }

    [Fact]
    public void A_local_memory_override_takes_the_dumb_placement_along()
    {
        var s = ScenarioText.Parse(Laptop.Swap("driver = amdgpu", "driver = amdgpu-apu, profile { local-memory = vram }, vram = 2GiB"));
        var apu = s.Topology.Devices[1].Profile;
        Assert.Equal(Placement.Vram, apu.LocalMemory);
        Assert.Equal(Placement.Vram, apu.DumbPlacement);
        Assert.Equal(2 * DeviceSpec.GiB, s.Topology.Devices[1].LocalMemoryBytes);

        s = ScenarioText.Parse(Laptop.Swap("driver = amdgpu", "driver = amdgpu, profile { local-memory = none }"));
        Assert.Equal(Placement.None, s.Topology.Devices[1].Profile.LocalMemory);
        Assert.Equal(Placement.System, s.Topology.Devices[1].Profile.DumbPlacement);
    }

    [Fact]
    public void A_dumb_placement_the_device_lacks_is_an_error()
    {
        var errors = ScenarioText.Errors(Laptop.Swap("driver = i915", "driver = i915, profile { dumb = vram }"));
        ScenarioText.AssertErrors([$"{File}: scenario.topology.devices[0].profile.dumb: found 'vram', expected a placement the device has (its local memory is none)"], errors);
    }

    [Fact]
    public void A_variation_target_naming_a_device_and_a_client_is_ambiguous()
    {
        var errors = ScenarioText.Errors(Laptop
            .Swap("name = game", "name = dgpu")
            .Swap("output = hdmi } ]", "output = hdmi } ]\n  variation { dgpu.vram = [4GiB, 8GiB] }"));
        ScenarioText.AssertErrors([$"{File}: scenario.variation.dgpu: found key 'dgpu', expected a target that is a device id or a client name, not both (a client is named like device dgpu)"], errors);
    }
}
