using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>
/// One machine's kernel outside any actor: its state, every operation applied through the dispatch table,
/// the invariant checker run after every Nth state change, the counts of operations and failures, and the
/// tally of effects. The machine-kernel actor wraps one; the direct runner and tests use one as it is.
/// The checker is the incremental one (<see cref="IncrementalInvariantChecker"/>): it finds what the full checker
/// would find in the state, at the cost of what the operations since the last check wrote.
/// </summary>
public sealed class MachineKernel(KernelState state, int invariantCheckEvery = 1)
{
    /// <summary>How many violation texts are kept for reports.</summary>
    public const int RecentViolationsKept = 8;

    private readonly Queue<string> _recentViolations = new();
    private int _changesSinceCheck;
    private readonly IncrementalInvariantChecker _checker = new(state);

    /// <summary>What the operations since the last check wrote (null: one did not say).</summary>
    private KernelChanges? _pending = new();

    public KernelState State { get; private set; } = state;
    public EffectTally Tally { get; } = new(state.Topology);
    public long Operations { get; private set; }
    public long Failures { get; private set; }
    public long Checks { get; private set; }
    public long Violations { get; private set; }
    public IReadOnlyCollection<string> RecentViolations => _recentViolations;

    /// <summary>The first violation of the last check that found one (for logs).</summary>
    public InvariantViolation? LastViolation { get; private set; }

    /// <summary>Applies one operation atomically and answers it.</summary>
    public IoctlOutcome Apply(IIoctl ioctl) => Apply(ioctl, out _);

    /// <summary>Applies one operation atomically and answers it with its result typed.</summary>
    public IoctlOutcome<TResult> Apply<TResult>(IIoctl<TResult> ioctl) => (IoctlOutcome<TResult>)Apply(ioctl, out _);

    /// <summary>Applies one operation; <paramref name="before"/> is the state it started from (for objects it freed).</summary>
    public IoctlOutcome Apply(IIoctl ioctl, out KernelState before)
    {
        before = State;
        Operations++;
        var (next, outcome, changes) = State.ApplyTracked(ioctl);
        if (!outcome.Ok) Failures++;
        State = next;
        Tally.Add(outcome.Effects, next, before);
        if (!ReferenceEquals(before, next)) AfterChange(changes);
        return outcome;
    }

    /// <summary>The machine's frame is over: what the tally counted in it (<see cref="EffectTally.EndFrame"/>); time moves on.</summary>
    public FrameTally EndFrame(long elapsedMicros)
    {
        Operations++;
        var frame = Tally.EndFrame(State);
        State = State.AdvanceClock(elapsedMicros).State;
        return frame;
    }

    private void AfterChange(KernelChanges? changes)
    {
        if (invariantCheckEvery == 1) _pending = changes;
        else _pending = changes is null || _pending is null ? null : _pending.UnionWith(changes);
        if (++_changesSinceCheck < invariantCheckEvery) return;
        _changesSinceCheck = 0;
        Checks++;
        var found = _checker.Check(State, _pending);
        _pending = invariantCheckEvery == 1 ? null : new KernelChanges();
        if (found.Count == 0) return;
        Violations += found.Count;
        LastViolation = found[0];
        foreach (var v in found)
        {
            _recentViolations.Enqueue(v.ToString());
            if (_recentViolations.Count > RecentViolationsKept) _recentViolations.Dequeue();
        }
    }
}
