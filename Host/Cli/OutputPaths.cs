namespace Emulation.Host.Cli;

/// <summary>Output files are checked before any work starts: a run of minutes must not end unable to write its result.</summary>
public static class OutputPaths
{
    /// <summary>Why a file cannot be written at <paramref name="path"/>, or null when it can (its folder exists, it is not a folder).</summary>
    public static string? Problem(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full)) return "expected a file to write, found a directory";
            var folder = Path.GetDirectoryName(full);
            if (folder is not null && !Directory.Exists(folder)) return $"expected a file in an existing directory, found no directory {folder}";
            return null;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"expected a file path ({e.Message})";
        }
    }
}
