using FsCheck.Xunit;

namespace Emulation.Tests.Kernel.Properties;

/// <summary>The same properties on tiny pools with frequent VRAM pressure (R14 eviction chains, fallbacks, ENOMEM).</summary>
public class PressureSequenceProperties
{
    [Property(MaxTest = 2500, Replay = "(20251125,5)", Arbitrary = [typeof(PressureScenarios)], QuietOnSuccess = true)]
    public void Invariants_hold_under_memory_pressure(Scenario scenario) => SequenceRunner.Run(scenario);
}
