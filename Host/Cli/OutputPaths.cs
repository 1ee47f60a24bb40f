using Emulation.Actors.Scenarios;

namespace Emulation.Host.Cli;

/// <summary>
/// Output files are judged before any work starts: a run of minutes must not end unable to write its result.
/// An output is a regular file (existing, or created in an existing directory), `-` (standard output, which
/// the callers handle), `/dev/null`, or a pipe (`--json >(jq .)`). A directory or any other device has its own
/// error; so has a file that cannot be opened for writing (tried without changing it: an existing file is opened
/// and closed untouched, a new one is created and removed again).
/// </summary>
public static class OutputPaths
{
    private const string Expected = "a file to write, '-' for standard output, or /dev/null";

    /// <summary>Why a file cannot be written at <paramref name="path"/>, or null when it can.</summary>
    public static string? Problem(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            var kind = FileKinds.Of(full);
            switch (kind)
            {
                case FileKind.Directory:
                    return $"expected {Expected}, found a directory";
                case FileKind.Fifo:
                    return null;
                case FileKind.CharacterDevice when full == "/dev/null":
                    return null;
                case FileKind.CharacterDevice or FileKind.BlockDevice or FileKind.Socket:
                    return $"expected {Expected}, found {FileKinds.Describe(kind)}";
            }
            var folder = Path.GetDirectoryName(full);
            if (folder is not null && FileKinds.Of(folder) != FileKind.Directory)
                return $"expected {Expected} in an existing directory, found no directory {folder}";
            if (kind == FileKind.RegularFile)
            {
                using (new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) { }
                return null;
            }
            using (new FileStream(full, FileMode.CreateNew, FileAccess.Write)) { }
            File.Delete(full);
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return $"expected {Expected}, found a path this user may not write (permission denied)";
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException)
        {
            return $"expected {Expected}, found a path that cannot be written ({e.Message})";
        }
    }
}
