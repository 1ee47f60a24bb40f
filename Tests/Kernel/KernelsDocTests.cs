using Emulation.Tests.Kernel.Support;

namespace Emulation.Tests.Kernel;

/// <summary>
/// docs/kernels.md has one row per kernel preset and one column per knob, each cell starting with the value in
/// backquotes. This checks that the table names every preset and every knob, and that each cell's value is
/// the one <see cref="Knobs.Preset"/> resolves, so the page cannot drift from the code.
/// </summary>
public class KernelsDocTests
{
    private static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) Table()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Find(), "docs", "kernels.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("| preset |", StringComparison.Ordinal));
        Assert.True(start >= 0, "docs/kernels.md has no '| preset |' table");
        static List<string> Cells(string line) => [.. line.Trim().Trim('|').Split('|').Select(c => c.Trim())];
        var rows = lines.Skip(start + 2).TakeWhile(l => l.StartsWith('|')).Select(l => (IReadOnlyList<string>)Cells(l)).ToList();
        return (Cells(lines[start]), rows);
    }

    private static string Value(string cell)
    {
        Assert.StartsWith("`", cell);
        return cell[1..cell.IndexOf('`', 1)];
    }

    [Fact]
    public void Kernels_doc_has_a_column_per_knob_and_a_row_per_preset()
    {
        var (header, rows) = Table();
        Assert.Equal(Knobs.Names.Skip(1).Order(), header.Skip(1).Order());
        Assert.Equal(Knobs.PresetIds, rows.Select(r => Value(r[0])));
    }

    [Fact]
    public void Kernels_doc_cells_are_the_values_each_preset_resolves_with_a_source()
    {
        var (header, rows) = Table();
        var wrong = new List<string>();
        foreach (var row in rows)
        {
            var preset = Value(row[0]);
            var knobs = Knobs.Default.With("kernel", preset, out var error);
            Assert.Null(error);
            for (var c = 1; c < header.Count; c++)
            {
                if (Value(row[c]) != knobs.ValueOf(header[c])) wrong.Add($"{preset} {header[c]}: doc '{Value(row[c])}', code '{knobs.ValueOf(header[c])}'");
                if (!row[c].Contains('(') && !row[c].Contains('[')) wrong.Add($"{preset} {header[c]}: no source");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}
