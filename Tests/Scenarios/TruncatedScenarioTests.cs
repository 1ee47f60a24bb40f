using Emulation.Actors.Scenarios;

namespace Emulation.Tests.Scenarios;

/// <summary>
/// Robustness: T01 cut short at every 37th character, missing one character there, or with a stray one
/// inserted, never hangs the reader and never escapes as anything but a reported problem (Akka's parser
/// alone loops forever on an unclosed list or once it loses its place in one, and throws several kinds
/// of exception).
/// </summary>
public class TruncatedScenarioTests
{
    private const int Step = 37;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static string T01Text => File.ReadAllText(Catalogue.Default.FileOf("T01")!);

    /// <summary>Reads the text under a time bound: null when it is valid, else its errors; fails on anything else.</summary>
    private static IReadOnlyList<ScenarioError>? Read(string text, string what)
    {
        var read = Task.Run(() =>
        {
            try
            {
                ScenarioReader.Parse(text, "/fuzz/T01-cut.hocon", Catalogue.Default);
                return null;
            }
            catch (ScenarioException e)
            {
                return e.Errors;
            }
        });
        Assert.True(read.Wait(Bound), $"reading {what} did not finish within {Bound}");
        return read.Result;
    }

    public static TheoryData<int> Offsets => [.. Enumerable.Range(0, T01Text.Length / Step + 1).Select(i => i * Step)];

    [Theory]
    [MemberData(nameof(Offsets))]
    public void A_cut_text_is_read_or_rejected_with_a_reported_problem(int offset)
    {
        var errors = Read(T01Text[..offset], $"T01 cut at {offset}");
        // Only the comment header fits in the first offsets; cut anywhere, T01 is never whole before its last brace.
        Assert.NotNull(errors);
        Assert.NotEmpty(errors);
        Assert.All(errors, e =>
        {
            Assert.Equal("/fuzz/T01-cut.hocon", e.File);
            Assert.False(string.IsNullOrWhiteSpace(e.Found));
            Assert.False(string.IsNullOrWhiteSpace(e.Expected));
        });
    }

    [Theory]
    [MemberData(nameof(Offsets))]
    public void A_text_missing_one_character_is_read_or_rejected_with_a_reported_problem(int offset)
    {
        var text = T01Text;
        if (offset >= text.Length) return;
        var errors = Read(text.Remove(offset, 1), $"T01 without the character at {offset}");
        Assert.All(errors ?? [], e => Assert.Equal("/fuzz/T01-cut.hocon", e.File));
    }

    [Theory]
    [MemberData(nameof(Offsets))]
    public void A_text_with_a_stray_character_is_read_or_rejected_with_a_reported_problem(int offset)
    {
        // What made Akka's parser loop forever once inside a list, and what closes or opens too much.
        foreach (var stray in new[] { "=", ":", "{}", ",", "*", "[", "]", "{", "}", "\"", "$", "." })
        {
            var errors = Read(T01Text.Insert(offset, stray), $"T01 with {stray} at {offset}");
            Assert.All(errors ?? [], e => Assert.Equal("/fuzz/T01-cut.hocon", e.File));
        }
    }

    [Fact]
    public void The_whole_text_is_valid() => Assert.Null(Read(T01Text, "T01"));
}
