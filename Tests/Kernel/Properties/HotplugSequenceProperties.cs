using FsCheck.Xunit;

namespace Emulation.Tests.Kernel.Properties;

/// <summary>The same properties with devices unplugged and replugged often (R20 under load).</summary>
public class HotplugSequenceProperties
{
    [Property(MaxTest = 2500, Replay = "(20251125,3)", Arbitrary = [typeof(HotplugScenarios)], QuietOnSuccess = true)]
    public void Invariants_hold_across_unplug_and_replug(Scenario scenario) => SequenceRunner.Run(scenario);
}
