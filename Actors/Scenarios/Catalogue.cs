namespace Emulation.Actors.Scenarios;

/// <summary>
/// The built-in scenarios (`scenarios/*.hocon` next to the executable): ids such as T01 are
/// case-insensitive and name a file `T01-....hocon` or `T01.hocon`. `vgem-vkms` is the built-in
/// topology of the trace format.
/// </summary>
public sealed class Catalogue(string directory)
{
    public const string VgemVkms = "vgem-vkms";

    public static Catalogue Default { get; } = new(Path.Combine(AppContext.BaseDirectory, "scenarios"));

    public string Directory { get; } = directory;

    /// <summary>The file of a catalogue id, or null.</summary>
    public string? FileOf(string id)
    {
        if (!System.IO.Directory.Exists(Directory) || id.Length == 0 || id.Contains('/') || id.Contains('\\')) return null;
        return System.IO.Directory.EnumerateFiles(Directory, "*.hocon")
            .Where(f =>
            {
                var name = Path.GetFileNameWithoutExtension(f);
                return name.Equals(id, StringComparison.OrdinalIgnoreCase)
                       || name.StartsWith(id + "-", StringComparison.OrdinalIgnoreCase);
            })
            .OrderBy(f => f, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>Catalogue ids in order (the part of each file name before its first '-').</summary>
    public IReadOnlyList<(string Id, string File)> Entries()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        return System.IO.Directory.EnumerateFiles(Directory, "*.hocon")
            .Select(f => (Id: Path.GetFileNameWithoutExtension(f).Split('-')[0], File: f))
            .OrderBy(e => e.Id, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>A catalogue id or a path to a file: the file to read, or null when neither exists.</summary>
    public string? Resolve(string idOrPath)
    {
        if (File.Exists(idOrPath)) return Path.GetFullPath(idOrPath);
        return FileOf(idOrPath);
    }
}
