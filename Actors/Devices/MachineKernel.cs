using Emulation.Actors.Kernel;
using Emulation.Actors.Uapi;
using Emulation.Messages;
using Emulation.Messages.Machines;

namespace Emulation.Actors.Devices;

/// <summary>
/// One machine's kernel outside any actor: its state, the invariant checker run after every Nth state
/// change, the counts of operations and failures, and the tally of effects (spec 5). The
/// machine-kernel actor wraps one; direct runs and tests use one as it is.
/// </summary>
public sealed class MachineKernel(KernelState state, int invariantCheckEvery = 1)
{
    /// <summary>How many violation texts are kept for reports.</summary>
    public const int RecentViolationsKept = 8;

    private readonly Queue<string> _recentViolations = new();
    private int _changesSinceCheck;

    public KernelState State { get; private set; } = state;
    public EffectTally Tally { get; } = new();
    public long Operations { get; private set; }
    public long Failures { get; private set; }
    public long Checks { get; private set; }
    public long Violations { get; private set; }
    public IReadOnlyCollection<string> RecentViolations => _recentViolations;

    /// <summary>The first violation of the last check that found one (for logs).</summary>
    public InvariantViolation? LastViolation { get; private set; }

    /// <summary>Applies one request and answers it. <paramref name="before"/> is the state it started from.</summary>
    public IKernelReply Apply(IKernelRequest request, out KernelState before)
    {
        before = State;
        Operations++;
        switch (request)
        {
            case EndFrameRequest m:
                var pinned = EffectTally.CountPinnedInSystem(State);
                Tally.EndFrame(State);
                return new EndFrameReply(m.RequestId, Errno.None, pinned, []);
            case TallyRequest m:
                return new TallyReply(m.RequestId, Errno.None, Tally.ImportMigrations, Tally.EvictionMigrations, Tally.ValidateMigrations,
                    Tally.BytesMoved, Tally.Evictions, Tally.MoveNotifies, Tally.PingPongCycles, Tally.PinnedInSystem, Violations,
                    [.. _recentViolations], []);
        }
        var (next, reply) = KernelDispatch.Apply(State, request);
        if (reply.Errno != Errno.None) Failures++;
        State = next;
        Tally.Add(reply.Effects);
        if (!ReferenceEquals(before, next)) AfterChange();
        return reply;
    }

    private void AfterChange()
    {
        if (++_changesSinceCheck < invariantCheckEvery) return;
        _changesSinceCheck = 0;
        Checks++;
        var found = InvariantChecker.Check(State);
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
