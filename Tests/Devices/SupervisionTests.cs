using Akka.Actor;
using Emulation.Actors.Devices;

namespace Emulation.Tests.Devices;

/// <summary>The kernel host's supervision: explicit bounds, and a kernel panic stops instead of rebooting the machine.</summary>
public sealed class SupervisionTests
{
    [Fact]
    public void Kernel_panics_stop_and_other_failures_restart_within_explicit_bounds()
    {
        Assert.Equal(Directive.Stop, KernelHostActor.Decide(new KernelPanicException(1, "ImportRequest", new KeyNotFoundException())));
        Assert.Equal(Directive.Stop, KernelHostActor.Decide(new ActorInitializationException("boom")));
        Assert.Equal(Directive.Restart, KernelHostActor.Decide(new InvalidOperationException()));
        var strategy = Assert.IsType<OneForOneStrategy>(KernelHostActor.Strategy());
        Assert.Equal(KernelHostActor.MaxFaceRestarts, strategy.MaxNumberOfRetries);
        Assert.Equal((int)KernelHostActor.FaceRestartWindow.TotalMilliseconds, strategy.WithinTimeRangeMilliseconds);
    }
}
