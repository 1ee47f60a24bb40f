using Emulation.Host.Cli;
using Emulation.Actors.Kernel;
using Emulation.Actors.Uapi;

namespace Emulation.Host.Replay;

/// <summary>Checks a kernel state; the replay runs it after every operation (by default the incremental checker, which finds the same).</summary>
public delegate IReadOnlyList<InvariantViolation> InvariantCheck(KernelState state);

/// <summary>How a replay went: what decides its exit code.</summary>
public sealed record ReplaySummary(int Operations, int FailedLines, int InvariantViolations)
{
    /// <summary>0 when every expectation held, 1 when one did not, 3 when the invariant checker fired (wins over 1).</summary>
    public int ExitCode => InvariantViolations > 0 ? ExitCodes.InvariantFired : FailedLines > 0 ? ExitCodes.ExpectationFailed : ExitCodes.Ok;
}

/// <summary>
/// Runs a parsed trace on a booted kernel model, one line per operation into <c>sink</c>. Knob lines
/// change the knobs for the operations after them; command-line overrides are applied just before the
/// first operation, so they override only the knob lines before it. A failed expectation or a fired
/// invariant does not stop the replay.
/// </summary>
public static class ReplayEngine
{
    /// <summary>
    /// The knob lines and command-line overrides in the order the replay applies them, checked together before
    /// anything runs: an override can make a later knob line impossible (kernel 7.1 with move-notify false).
    /// The first problem, with its line, or null.
    /// </summary>
    public static string? CheckKnobs(Trace trace, IReadOnlyList<KeyValuePair<string, string>> knobOverrides)
    {
        var knobs = Knobs.Default;
        var overridden = false;
        foreach (var line in trace.Lines)
        {
            string? error;
            if (line is KnobLine knob)
            {
                knobs = knobs.With(knob.Name, knob.Value, out error);
                if (error is not null) return $"{knob.Number}: knob {knob.Name} {knob.Value}: {error}";
                continue;
            }
            if (overridden) continue;
            overridden = true;
            foreach (var (name, value) in knobOverrides)
            {
                knobs = knobs.With(name, value, out error);
                if (error is not null) return $"--knob {name}={value}: {error}";
            }
        }
        return null;
    }

    public static ReplaySummary Run(Trace trace, Topology topology, IReadOnlyList<KeyValuePair<string, string>> knobOverrides,
        Action<ReplayLine> sink, TextWriter diagnostics, InvariantCheck? check = null)
    {
        var runner = new OperationRunner(KernelState.Boot(topology, Knobs.Default));
        // The incremental checker answers what InvariantChecker.Check would, at the cost of what each operation wrote.
        var incremental = check is null ? new IncrementalInvariantChecker(runner.State) : null;
        check ??= state => incremental!.Check(state, runner.LastChanges);
        var overridden = false;
        int operations = 0, failedLines = 0, violations = 0;
        foreach (var line in trace.Lines)
        {
            if (line is KnobLine knob)
            {
                runner.SetKnob(knob.Name, knob.Value);
                continue;
            }
            if (!overridden)
            {
                foreach (var (name, value) in knobOverrides) runner.SetKnob(name, value);
                overridden = true;
            }
            var op = (OperationLine)line;
            operations++;
            var outcome = runner.Run(op.Operation);
            var replayed = new ReplayLine(operations, op.Number, op.Op, op.Args, outcome.Ok,
                outcome.Ok ? null : outcome.Errno.Name(), [.. outcome.Effects.Select(EffectRecord.Of)], outcome.Keys);
            if (!op.Expectations.IsEmpty)
            {
                replayed = replayed with
                {
                    Expect = [.. op.Expectations.Select(e => e.Token)],
                    Failed = ExpectationChecker.Failed(op.Expectations, replayed, outcome.PagesBo),
                };
                if (!replayed.Pass) failedLines++;
            }
            sink(replayed);
            foreach (var violation in check(runner.State))
            {
                violations++;
                diagnostics.WriteLine($"{op.Number}: invariant violated after `{op.Op}`: {violation}");
            }
        }
        return new ReplaySummary(operations, failedLines, violations);
    }
}
