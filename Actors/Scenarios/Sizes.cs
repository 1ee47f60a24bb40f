using System.Globalization;

namespace Emulation.Actors.Scenarios;

/// <summary>Byte sizes (8GiB) and resolutions (3840x2160) as scenario files write them.</summary>
public static class Sizes
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("TiB", 1L << 40), ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10),
        ("TB", 1L << 40), ("GB", 1L << 30), ("MB", 1L << 20), ("kB", 1L << 10), ("KB", 1L << 10),
        ("T", 1L << 40), ("G", 1L << 30), ("M", 1L << 20), ("K", 1L << 10), ("k", 1L << 10), ("B", 1),
    ];

    public static bool TryParseBytes(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        var factor = 1L;
        foreach (var (suffix, f) in Units)
        {
            if (!text.EndsWith(suffix, StringComparison.Ordinal)) continue;
            factor = f;
            text = text[..^suffix.Length].TrimEnd();
            break;
        }
        if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) || number < 0)
            return false;
        var value = number * factor;
        if (value > long.MaxValue || value != decimal.Truncate(value)) return false;
        bytes = (long)value;
        return true;
    }

    public static bool TryParseResolution(string? text, out int width, out int height)
    {
        width = height = 0;
        var parts = text?.Split('x');
        return parts is { Length: 2 }
               && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out width) && width > 0 && width <= 16384
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out height) && height > 0 && height <= 16384;
    }

    /// <summary>A size as people read it: 8GiB, 512MiB, 4096B.</summary>
    public static string Format(long bytes)
    {
        foreach (var (suffix, factor) in Units.Where(u => u.Suffix.EndsWith("iB", StringComparison.Ordinal)))
            if (bytes >= factor && bytes % factor == 0) return $"{bytes / factor}{suffix}";
        return $"{bytes}B";
    }
}
