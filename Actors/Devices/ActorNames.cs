using System.Text;

namespace Emulation.Actors.Devices;

/// <summary>Kebab-case instance names of a machine's kernel-side actors: "kernel", "device-dgpu", "pool-vram-dgpu".</summary>
public static class ActorNames
{
    public const string Kernel = "kernel";

    public static string Device(string deviceId) => "device-" + Kebab(deviceId);

    public static string Pool(string poolName) => "pool-" + Kebab(poolName);

    /// <summary>Lower case; anything but a letter or digit becomes a single '-'.</summary>
    public static string Kebab(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        return sb.ToString().TrimEnd('-');
    }
}
