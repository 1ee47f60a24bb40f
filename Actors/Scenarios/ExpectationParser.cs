using System.Globalization;
using System.Text.RegularExpressions;
using Emulation.Actors.Uapi;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;

namespace Emulation.Actors.Scenarios;

/// <summary>Parses `expect` predicates: "import-migrations > 0", "mean(gpu-us.dgpu) <= 16000".</summary>
public static partial class ExpectationParser
{
    [GeneratedRegex(@"^\s*(?:(mean)\(\s*([A-Za-z0-9.:\-]+)\s*\)|([A-Za-z0-9.:\-]+))\s*(<=|>=|!=|==|=|<|>)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*$")]
    private static partial Regex Predicate();

    public const string Grammar = "METRIC OP NUMBER or mean(METRIC) OP NUMBER, OP one of < <= = != >= >";

    /// <summary>The metric a predicate names, when it has the predicate's shape.</summary>
    public static string? MetricOf(string text) =>
        Predicate().Match(text) is { Success: true } m ? m.Groups[1].Success ? m.Groups[2].Value : m.Groups[3].Value : null;

    /// <summary>Parses one predicate; on failure returns null and an error naming what was expected.</summary>
    public static Expectation? TryParse(string policy, string text, Topology topology, out string? error)
    {
        error = null;
        var m = Predicate().Match(text);
        if (!m.Success)
        {
            error = Grammar;
            return null;
        }
        var mean = m.Groups[1].Success;
        var metric = mean ? m.Groups[2].Value : m.Groups[3].Value;
        var known = MetricNames.All(topology);
        if (!known.Contains(metric))
        {
            error = $"a metric name ({string.Join(", ", known)})";
            return null;
        }
        var comparison = m.Groups[4].Value switch
        {
            "<" => Comparison.Less,
            "<=" => Comparison.LessOrEqual,
            "=" or "==" => Comparison.Equal,
            "!=" => Comparison.NotEqual,
            ">=" => Comparison.GreaterOrEqual,
            _ => Comparison.Greater,
        };
        var value = double.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture);
        return new Expectation(policy, text.Trim(), metric, mean, comparison, value);
    }

    public static bool Holds(Comparison comparison, double actual, double expected) => comparison switch
    {
        Comparison.Less => actual < expected,
        Comparison.LessOrEqual => actual <= expected,
        Comparison.Equal => actual == expected,
        Comparison.NotEqual => actual != expected,
        Comparison.GreaterOrEqual => actual >= expected,
        _ => actual > expected,
    };
}
