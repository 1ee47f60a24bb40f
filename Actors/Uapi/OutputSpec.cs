namespace Emulation.Actors.Uapi;

/// <summary>A connector a device scans out on (eDP, HDMI, virtual-1...).</summary>
public sealed record OutputSpec(string Name, int RefreshHz, int Width, int Height, bool BuiltIn)
{
    public const int DefaultRefreshHz = 60;

    /// <summary>An output with the usual defaults; eDP, LVDS and DSI connectors count as built-in panels.</summary>
    public static OutputSpec Named(string name) =>
        new(name, DefaultRefreshHz, 1920, 1080, LooksBuiltIn(name));

    public static bool LooksBuiltIn(string name) =>
        name.StartsWith("edp", StringComparison.Ordinal) || name.StartsWith("lvds", StringComparison.Ordinal)
        || name.StartsWith("dsi", StringComparison.Ordinal);

    /// <summary>Bytes of one XRGB8888 frame of this output.</summary>
    public long FrameBytes => (long)Width * Height * 4;
}
