using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages.Kernel;

/// <summary>Asks a machine-kernel actor for its counters and a summary of its state; answered with <see cref="KernelStats"/>.</summary>
public sealed record GetKernelStats(long RequestId) : IEmulationMessage;

/// <summary>
/// A machine-kernel actor's counters and a summary of its state.
/// </summary>
/// <param name="Operations">Kernel operations applied (stats and wiring messages excluded).</param>
/// <param name="Failures">Operations that failed with an errno.</param>
/// <param name="InvariantChecks">Times the invariant checker ran.</param>
/// <param name="InvariantViolations">Violations it found, summed over all checks (must stay zero).</param>
/// <param name="RecentViolations">The texts of the last few violations, newest last.</param>
/// <param name="Pools">Every pool with a capacity, in the kernel's pool order.</param>
public sealed record KernelStats(
    long RequestId,
    long Operations,
    long Failures,
    long InvariantChecks,
    long InvariantViolations,
    ImmutableArray<string> RecentViolations,
    int Files,
    int Objects,
    int DmaBufs,
    int Fds,
    int Attachments,
    ImmutableArray<PoolUsage> Pools,
    Knobs Knobs) : IEmulationMessage;
