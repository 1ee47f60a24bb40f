using System.Collections.Immutable;
using Emulation.Actors.Scenarios;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;

namespace Emulation.Actors.Machines;

/// <summary>One policy's figures summed over every machine of a scenario, and each machine's own (in index order).</summary>
public sealed record PolicyResult(string Policy, MachineMetrics Totals, ImmutableArray<MachineMetrics> Machines);

/// <summary>An `expect` predicate evaluated for one policy.</summary>
public sealed record ExpectationResult(string Policy, Expectation Expectation, double Actual, bool Pass);

/// <summary>What a scenario run produced: per-policy totals (in their documented order) and the expectations' verdicts.</summary>
public sealed record ScenarioOutcome(ScenarioSpec Scenario, ImmutableArray<PolicyResult> Policies)
{
    public ImmutableArray<ExpectationResult> Expectations { get; } = Evaluate(Scenario, Policies);

    /// <summary>What computed figures need: the topology and the machine-frames the totals cover.</summary>
    public MetricContext Context => new(Scenario.Topology, (long)Scenario.Machines * Scenario.Frames);

    public bool InvariantViolated => Policies.Any(p => p.Totals.Total(Metrics.InvariantViolations) > 0);

    public bool ExpectationsHeld => Expectations.All(e => e.Pass);

    /// <summary>0 ran and held; 1 an expectation failed; 3 the invariant checker fired (wins over 1).</summary>
    public int ExitCode => InvariantViolated ? 3 : ExpectationsHeld ? 0 : 1;

    private static ImmutableArray<ExpectationResult> Evaluate(ScenarioSpec scenario, ImmutableArray<PolicyResult> policies)
    {
        var results = ImmutableArray.CreateBuilder<ExpectationResult>();
        var context = new MetricContext(scenario.Topology, (long)scenario.Machines * scenario.Frames);
        foreach (var e in scenario.Expectations)
            foreach (var p in policies.Where(p => e.Policy == "*" || e.Policy == p.Policy))
            {
                var value = MetricNames.Value(p.Totals, e.Metric, context)
                            ?? throw new ArgumentException($"unknown metric '{e.Metric}'", nameof(scenario));
                var actual = e.Mean && MetricNames.IsSum(e.Metric) ? value / scenario.Machines : value;
                results.Add(new ExpectationResult(p.Policy, e, actual, ExpectationParser.Holds(e.Comparison, actual, e.Value)));
            }
        return results.ToImmutable();
    }
}
