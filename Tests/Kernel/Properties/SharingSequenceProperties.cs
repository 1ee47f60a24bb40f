using FsCheck.Xunit;

namespace Emulation.Tests.Kernel.Properties;

/// <summary>The same properties on dGPUs and dynamic importers sharing buffers (R8-R13, R16-R18 in sequence).</summary>
public class SharingSequenceProperties
{
    [Property(MaxTest = 3000, Replay = "(20251125,7)", Arbitrary = [typeof(SharingScenarios)], QuietOnSuccess = true)]
    public void Invariants_hold_while_devices_share_buffers(Scenario scenario) => SequenceRunner.Run(scenario);
}
