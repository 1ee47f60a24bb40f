using System.Diagnostics;
using System.Text.RegularExpressions;
using Emulation.Tests.Scenarios;

namespace Emulation.Tests.BadInputs;

/// <summary>
/// Every input of <see cref="BadInputCorpus"/> gets a bounded, clear outcome: its exit code, nothing on standard
/// output, and a first error line that says what was found and what was expected.
/// </summary>
public sealed class BadInputCorpusTests
{
    public static TheoryData<string> Names() => [.. BadInputCorpus.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void A_bad_input_exits_with_its_code_nothing_on_standard_output_and_a_clear_first_line(string name)
    {
        var input = BadInputCorpus.All.Single(c => c.Name == name);
        var dir = Directory.CreateTempSubdirectory("emulation-bad-").FullName;
        try
        {
            foreach (var (file, text) in input.Files) File.WriteAllText(Path.Combine(dir, file), text());
            var run = Cli.Run([.. input.Args.Select(a => a.Replace("{dir}", dir, StringComparison.Ordinal))]);
            Assert.Equal(input.Exit, run.Exit);
            Assert.Equal("", run.Stdout);
            Assert.NotEmpty(run.ErrorLines);
            var first = run.ErrorLines[0];
            Assert.True(first.Length < 400, $"a first line of {first.Length} characters");
            Assert.Matches(new Regex(input.FirstLine.Replace(@"\{dir\}", Regex.Escape(dir), StringComparison.Ordinal)), first);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_trace_of_junk_lists_twenty_malformed_lines_and_counts_the_rest()
    {
        var dir = Directory.CreateTempSubdirectory("emulation-bad-").FullName;
        try
        {
            var trace = Path.Combine(dir, "t.seq");
            var input = BadInputCorpus.All.Single(c => c.Name.StartsWith("a trace of random bytes", StringComparison.Ordinal));
            File.WriteAllText(trace, input.Files["t.seq"]());
            var run = Cli.Run("replay", trace);
            Assert.Equal(2, run.Exit);
            Assert.Equal(21, run.ErrorLines.Count);
            Assert.Matches($@"^{Regex.Escape(trace)}: [\d,]+ more malformed lines not listed$", run.ErrorLines[^1]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_fifo_is_refused_by_name_instead_of_blocking()
    {
        var dir = Directory.CreateTempSubdirectory("emulation-bad-").FullName;
        try
        {
            var fifo = Path.Combine(dir, "scenario.hocon");
            using (var mkfifo = Process.Start("mkfifo", [fifo])) mkfifo.WaitForExit();
            foreach (var verb in new[] { "validate", "run" })
            {
                var run = Cli.Run(verb, fifo);
                Assert.Equal(2, run.Exit);
                Assert.Equal("", run.Stdout);
                Assert.Equal($"{fifo}: found a FIFO (named pipe), expected a scenario file: a regular file, or '-' for standard input", run.ErrorLines[0]);
            }
            var replay = Cli.Run("replay", fifo);
            Assert.StartsWith($"{fifo}: found a FIFO (named pipe), expected a trace (.seq)", replay.ErrorLines[0]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_failed_expectation_names_its_line_on_standard_error()
    {
        var dir = Directory.CreateTempSubdirectory("emulation-bad-").FullName;
        try
        {
            var trace = Path.Combine(dir, "t.seq");
            File.WriteAllText(trace, "open A vgem\n# a comment\ncreate H A 64 64 32 => ok handle=2\ncreate H2 A 64 64 32 => ok handle=2\n");
            var run = Cli.Run("replay", trace);
            Assert.Equal(1, run.Exit);
            Assert.Equal(3, run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
            Assert.Equal([$"{trace}:3: expectation did not hold: handle=2", $"{trace}: 1 line(s) with expectations that did not hold"],
                run.ErrorLines);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Json_dash_is_standard_output()
    {
        var run = Cli.Run("run", "T01", "--machines", "1", "--frames", "31", "--json", "-", "--quiet");
        Assert.Equal(0, run.Exit);
        Assert.StartsWith("{", run.Stdout.TrimStart());
        Assert.False(File.Exists("-"));
    }
}
