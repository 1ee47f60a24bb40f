namespace Emulation.Actors.Uapi;

/// <summary>What a DRM device can do (docs/scenarios.md, the device `kind`).</summary>
public enum DeviceKind : byte
{
    RenderDisplay,
    RenderOnly,
    DisplayOnly,
    UsbDisplay,
}

public static class DeviceKindNames
{
    public static string Name(this DeviceKind k) => k switch
    {
        DeviceKind.RenderDisplay => "render-display",
        DeviceKind.RenderOnly => "render-only",
        DeviceKind.DisplayOnly => "display-only",
        _ => "usb-display",
    };

    public static readonly IReadOnlyList<string> All = ["render-display", "render-only", "display-only", "usb-display"];

    public static bool TryParse(string text, out DeviceKind kind)
    {
        switch (text)
        {
            case "render-display": kind = DeviceKind.RenderDisplay; return true;
            case "render-only": kind = DeviceKind.RenderOnly; return true;
            case "display-only": kind = DeviceKind.DisplayOnly; return true;
            case "usb-display": kind = DeviceKind.UsbDisplay; return true;
            default: kind = default; return false;
        }
    }

    public static bool CanDisplay(this DeviceKind k) => k != DeviceKind.RenderOnly;
}
