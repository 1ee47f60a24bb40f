using System.Text;

namespace Emulation.Actors.Scenarios;

/// <summary>Why an input could not be read: what was found and what was expected (an error line's two halves).</summary>
public sealed record InputProblem(string Found, string Expected);

/// <summary>
/// Reads a whole input (a scenario, a topology, a trace) within a bound, after judging what the path is:
/// `-` is standard input; a directory, FIFO, device or socket gets its own error instead of a read that
/// blocks or never ends (`/dev/zero`); a file larger than the bound is refused before it is read, and
/// reading stops one character past the bound whatever the file claims, so memory stays proportional
/// to the bound.
/// </summary>
public static class InputFiles
{
    /// <summary>The path that means standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>The name standard input goes by in errors and reports.</summary>
    public const string StandardInputName = "stdin";

    /// <summary>Scenario and topology files: 4 MiB (the catalogue's largest is under 20 KiB; 4,096 clients take about 400 KiB).</summary>
    public const int MaxScenarioChars = 4 << 20;

    /// <summary>Traces: 64 MiB (a million operations of the corpus's longest lines).</summary>
    public const int MaxTraceChars = 64 << 20;

    /// <summary>The text of <paramref name="path"/>, or null with the problem.</summary>
    /// <param name="what">What the input is, for errors: "a scenario file", "a trace".</param>
    public static string? TryRead(string path, int maxChars, string what, out InputProblem? problem, TextReader? standardInput = null)
    {
        problem = null;
        if (path == StandardInput) return ReadBounded(standardInput ?? Console.In, maxChars, what, ref problem);
        var kind = FileKinds.Of(path);
        if (kind != FileKind.RegularFile)
        {
            problem = new InputProblem(FileKinds.Describe(kind),
                kind == FileKind.Missing ? what : $"{what}: a regular file, or '-' for standard input");
            return null;
        }
        try
        {
            var length = new FileInfo(path).Length;
            if (length > (long)maxChars * 4)
            {
                problem = TooLarge(length, maxChars, what, "bytes");
                return null;
            }
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return ReadBounded(reader, maxChars, what, ref problem);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = new InputProblem($"a file that cannot be read ({e.Message})", what);
            return null;
        }
    }

    private static string? ReadBounded(TextReader reader, int maxChars, string what, ref InputProblem? problem)
    {
        var text = new StringBuilder();
        var buffer = new char[64 * 1024];
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length <= maxChars) continue;
            problem = TooLarge(text.Length, maxChars, what, "characters", atLeast: true);
            return null;
        }
        return text.ToString();
    }

    private static InputProblem TooLarge(long size, int max, string what, string unit, bool atLeast = false) =>
        new($"{(atLeast ? "more than " : "")}{(atLeast ? max : size):N0} {unit}",
            $"{what} of at most {max:N0} characters ({max >> 20} MiB)");
}
