using System.Text.RegularExpressions;

namespace Emulation.Tests.Kernel.Support;

/// <summary>One row of the rules table: a rule R1-R22 of docs/rules.md, a variant, and the tests that check it.</summary>
internal sealed record RuleRow(int Rule, string Variant, IReadOnlyList<string> Tests, int Line)
{
    public string Id => $"R{Rule}";
}

/// <summary>
/// Parses the table of <c>docs/rules.md</c>: the Markdown table whose header is
/// <c>| Rule | Variant | Tests |</c>. A row's rule is R1..R22, its variant any non-empty text (a knob
/// value such as <c>pin-timing=attach</c>, an aspect, <c>kernel</c>, <c>userspace</c>), its tests a
/// comma-separated list of <c>Class.Method</c> or <c>Namespace.Class.Method</c>, optionally in backticks.
/// Other text and other tables of the document are ignored.
/// </summary>
internal static partial class RulesDoc
{
    public static string PathIn(string repositoryRoot) => Path.Combine(repositoryRoot, "docs", "rules.md");

    public static (IReadOnlyList<RuleRow> Rows, IReadOnlyList<string> Errors) Parse(string markdown)
    {
        var rows = new List<RuleRow>();
        var errors = new List<string>();
        var lines = markdown.Split('\n');
        var inTable = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith('|'))
            {
                inTable = false;
                continue;
            }
            var cells = Cells(line);
            if (!inTable)
            {
                inTable = cells.Count == 3 && cells[0].Equals("Rule", StringComparison.OrdinalIgnoreCase)
                          && cells[1].Equals("Variant", StringComparison.OrdinalIgnoreCase)
                          && cells[2].Equals("Tests", StringComparison.OrdinalIgnoreCase);
                continue;
            }
            if (cells.All(c => Separator().IsMatch(c))) continue;
            var where = $"docs/rules.md line {i + 1}";
            if (cells.Count != 3)
            {
                errors.Add($"{where}: expected 3 cells (rule, variant, tests), found {cells.Count}");
                continue;
            }
            var rule = RuleId().Match(cells[0]);
            if (!rule.Success)
            {
                errors.Add($"{where}: '{cells[0]}' is no rule id R1..R22");
                continue;
            }
            if (cells[1].Length == 0) errors.Add($"{where}: {cells[0]} has no variant");
            var tests = cells[2].Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(t => t.Trim('`', ' ')).Where(t => t.Length > 0).ToList();
            rows.Add(new RuleRow(int.Parse(rule.Groups[1].Value), cells[1], tests, i + 1));
        }
        return (rows, errors);
    }

    private static List<string> Cells(string line)
    {
        var inner = line.Trim().Trim('|');
        return [.. inner.Split('|').Select(c => c.Trim())];
    }

    [GeneratedRegex(@"^R([1-9]|1[0-9]|2[0-2])$")]
    private static partial Regex RuleId();

    [GeneratedRegex(@"^:?-{3,}:?$")]
    private static partial Regex Separator();
}
