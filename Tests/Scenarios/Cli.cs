using Emulation.Host.Cli;

namespace Emulation.Tests.Scenarios;

/// <summary>What one in-process invocation of the `emulation` command printed and returned.</summary>
internal sealed record CliRun(int Exit, string Stdout, string Stderr)
{
    /// <summary>Standard error's lines, without empty ones.</summary>
    public IReadOnlyList<string> ErrorLines =>
        Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

internal static class Cli
{
    public static CliRun Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = EmulationCli.Run(args, stdout, stderr);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>
    /// Asserts bad input: exit 2, nothing on standard output, and a line on standard error that names the
    /// file, the key path, the value found and (at least the start of) what was expected.
    /// </summary>
    public static void AssertRejected(CliRun run, string file, string path, string found, string expected)
    {
        Assert.Equal(2, run.Exit);
        Assert.Equal("", run.Stdout);
        AssertReported(run.ErrorLines, file, path, found, expected);
    }

    public static void AssertReported(IEnumerable<string> lines, string file, string path, string found, string expected)
    {
        var where = path.Length == 0 ? $"{file}: " : $"{file}: {path}: ";
        var line = $"{where}found {found}, expected {expected}";
        var all = lines.ToList();
        Assert.True(all.Any(l => l.StartsWith(line, StringComparison.Ordinal)),
            $"no error line starting with\n  {line}\namong\n  {string.Join("\n  ", all)}");
    }
}
