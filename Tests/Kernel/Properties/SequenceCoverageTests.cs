using Emulation.Actors.Uapi;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Emulation.Tests.Kernel.Properties;

/// <summary>
/// Guards the generators: random sequences must actually reach the interesting paths (evictions,
/// move-notify, pins of every holder, ENOMEM, ENODEV, revoked exports...), not drown in EBADF.
/// </summary>
public class SequenceCoverageTests(ITestOutputHelper output)
{
    [Fact]
    public void Random_sequences_reach_the_interesting_paths()
    {
        var stats = new SequenceStats();
        foreach (var mix in new[] { Mix.General, Mix.Hotplug, Mix.Pressure, Mix.Sharing })
            foreach (var scenario in ScenarioGen.Scenario(mix).Sample(100, 200))
                SequenceRunner.Run(scenario, stats);
        foreach (var (k, v) in stats.Outcomes.OrderBy(p => p.Key)) output.WriteLine($"{k,-40} {v}");
        foreach (var (k, v) in stats.Effects.OrderBy(p => p.Key)) output.WriteLine($"{k,-40} {v}");

        string[] effects =
        [
            "Evicted vram->gtt", "Evicted gtt->system", "Migrated vram->gtt Import", "Migrated gtt->vram Validate",
            "Pinned gtt Mapping", "Pinned gtt Attach", "Pinned vram Scanout", "Unpinned gtt Mapping", "MoveNotified",
        ];
        foreach (var e in effects)
            Assert.True(stats.Effects.GetValueOrDefault(e) > 0, $"no '{e}' in {stats.Steps} steps");
        string[] outcomes =
        [
            "import ok", "import EINVAL", "import ENODEV", "import EOPNOTSUPP", "map ok", "map ENODEV", "alloc ENOMEM",
            "render ok", "scanout ok", "unplug ok", "replug ok", "gem-close ok", "close-file ok", "export EINVAL",
        ];
        foreach (var o in outcomes)
            Assert.True(stats.Outcomes.GetValueOrDefault(o) > 0, $"no '{o}' in {stats.Steps} steps");
        var failed = stats.Outcomes.Where(p => !p.Key.EndsWith(" ok")).Sum(p => p.Value);
        Assert.True(failed < stats.Steps / 2, $"{failed} of {stats.Steps} steps failed");
    }
}
