namespace Emulation.Messages.Scenarios;

public enum Comparison : byte { Less, LessOrEqual, Equal, NotEqual, GreaterOrEqual, Greater }

/// <summary>
/// A checked predicate over a metric of one policy (docs/scenarios.md, "expect"): its sum over machines, or its mean per
/// machine (`mean(import-migrations) > 0`).
/// </summary>
/// <param name="Policy">A policy id, or "*" for every policy the scenario runs.</param>
/// <param name="Text">The predicate as written, for reports.</param>
public sealed record Expectation(string Policy, string Text, string Metric, bool Mean, Comparison Comparison, double Value);
