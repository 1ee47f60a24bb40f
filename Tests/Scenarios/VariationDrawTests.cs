using Emulation.Actors.Machines;

namespace Emulation.Tests.Scenarios;

/// <summary>
/// The variation recipe docs/scenarios.md gives, recomputed here from its words: machine i's stream is
/// SplitMix64 seeded with seed ^ (i * 0x9E3779B97F4A7C15); the axes, in ordinal order of "target.field",
/// each take values[next() % count].
/// </summary>
public class VariationDrawTests
{
    private static ulong SplitMix(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(17)]
    public void Each_machine_draws_every_axis_in_key_order_from_its_own_stream(int machine)
    {
        var s = ScenarioText.Parse(EveryKeyScenario.Text);
        var state = unchecked(s.Seed ^ ((ulong)machine * 0x9E3779B97F4A7C15));
        var expected = s.Variation
            .OrderBy(a => $"{a.Target}.{a.Field}", StringComparer.Ordinal)
            .Select(a => $"{a.Target}.{a.Field}={a.Values[(int)(SplitMix(ref state) % (ulong)a.Values.Length)]}")
            .ToArray();
        var setup = MachineVariation.For(s, machine);
        Assert.Equal(expected, setup.Drawn.ToArray());

        var drawn = expected.ToDictionary(d => d[..d.IndexOf('=')], d => d[(d.IndexOf('=') + 1)..]);
        var dgpu = setup.Topology.Devices[1];
        Assert.Equal(drawn["dgpu.vram"] == "2GiB" ? 2L << 30 : 4L << 30, dgpu.LocalMemoryBytes);
        Assert.Equal(drawn["dgpu.resizable-bar"] == "true", dgpu.ResizableBar);
        Assert.Equal(double.Parse(drawn["dgpu.link-bandwidth"], System.Globalization.CultureInfo.InvariantCulture), dgpu.LinkGBps);
        Assert.Equal(drawn["egpu.present"] == "true", setup.Topology.Devices[2].InitiallyPresent);
        var game = setup.Clients.Single(c => c.Name == "game");
        Assert.Equal((int.Parse(drawn["game.start"]), int.Parse(drawn["game.fps"])), (game.StartFrame, game.Fps));
        var video = setup.Clients.Single(c => c.Name == "video");
        Assert.Equal((drawn["video.device"], drawn["video.output"]), (video.Device, video.Output));
    }

    [Fact]
    public void Without_variation_every_machine_is_the_scenario()
    {
        var s = ScenarioText.Parse(EveryKeyScenario.Text) with { Variation = [] };
        var setup = MachineVariation.For(s, 5);
        Assert.Same(s.Topology, setup.Topology);
        Assert.Empty(setup.Drawn);
    }
}
