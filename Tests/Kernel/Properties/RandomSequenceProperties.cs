using FsCheck.Xunit;

namespace Emulation.Tests.Kernel.Properties;

/// <summary>
/// Random operation sequences (50-200 steps) on random small topologies with random knobs: after every
/// step the invariants hold, a failed step returns the same state with no effects, a query changes
/// nothing, and the effects tell the truth (<see cref="ModelChecks"/>). The seed is fixed so CI runs
/// the same sequences every time; to explore, change Replay (or drop it) and run this class alone.
/// A failure prints the seed, the shrunk scenario and the concrete trace.
/// </summary>
public class RandomSequenceProperties
{
    [Property(MaxTest = 4000, Replay = "(20251125,1)", Arbitrary = [typeof(GeneralScenarios)], QuietOnSuccess = true)]
    public void Invariants_hold_after_every_operation(Scenario scenario) => SequenceRunner.Run(scenario);
}
