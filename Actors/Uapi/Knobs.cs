namespace Emulation.Actors.Uapi;

public enum PinTiming : byte { Map, Attach }

public enum NoMoveSupport : byte { Unsupported, Placement, RfcHook }

public enum SameDeviceSupport : byte { Unsupported, Supported }

public enum RespectsAttachments : byte { Default, True, False }

/// <summary>The kernel knobs (docs/rules.md, "Knobs"); one name everywhere (scenario files, `knob` lines, options).</summary>
public sealed record Knobs(
    PinTiming PinTiming,
    bool MoveNotify,
    NoMoveSupport NoMove,
    SameDeviceSupport SameDevice,
    RespectsAttachments RespectsAttachments)
{
    /// <summary>The defaults: a distribution kernel of today.</summary>
    public static readonly Knobs Default = new(PinTiming.Map, false, NoMoveSupport.Unsupported,
        SameDeviceSupport.Unsupported, RespectsAttachments.Default);

    public static readonly IReadOnlyList<string> Names =
        ["pin-timing", "move-notify", "no-move", "same-device", "respects-attachments"];

    /// <summary>The values each knob accepts, in their documented order.</summary>
    public static IReadOnlyList<string> ValuesOf(string name) => name switch
    {
        "pin-timing" => ["attach", "map"],
        "move-notify" => ["true", "false"],
        "no-move" => ["unsupported", "placement", "rfc-hook"],
        "same-device" => ["unsupported", "supported"],
        "respects-attachments" => ["default", "true", "false"],
        _ => [],
    };

    /// <summary>Sets one knob by its name; returns an error text (what was expected) on bad input.</summary>
    public Knobs With(string name, string value, out string? error)
    {
        error = null;
        var values = ValuesOf(name);
        if (values.Count == 0)
        {
            error = $"unknown knob '{name}' (expected one of: {string.Join(", ", Names)})";
            return this;
        }
        if (!values.Contains(value))
        {
            error = $"bad value '{value}' for knob '{name}' (expected one of: {string.Join(", ", values)})";
            return this;
        }
        return name switch
        {
            "pin-timing" => this with { PinTiming = value == "attach" ? PinTiming.Attach : PinTiming.Map },
            "move-notify" => this with { MoveNotify = value == "true" },
            "no-move" => this with
            {
                NoMove = value switch
                {
                    "placement" => NoMoveSupport.Placement,
                    "rfc-hook" => NoMoveSupport.RfcHook,
                    _ => NoMoveSupport.Unsupported,
                },
            },
            "same-device" => this with { SameDevice = value == "supported" ? SameDeviceSupport.Supported : SameDeviceSupport.Unsupported },
            _ => this with
            {
                RespectsAttachments = value switch
                {
                    "true" => Uapi.RespectsAttachments.True,
                    "false" => Uapi.RespectsAttachments.False,
                    _ => Uapi.RespectsAttachments.Default,
                },
            },
        };
    }

    /// <summary>The value of one knob as its word.</summary>
    public string ValueOf(string name) => name switch
    {
        "pin-timing" => PinTiming == PinTiming.Attach ? "attach" : "map",
        "move-notify" => MoveNotify ? "true" : "false",
        "no-move" => NoMove switch
        {
            NoMoveSupport.Placement => "placement",
            NoMoveSupport.RfcHook => "rfc-hook",
            _ => "unsupported",
        },
        "same-device" => SameDevice == SameDeviceSupport.Supported ? "supported" : "unsupported",
        "respects-attachments" => RespectsAttachments switch
        {
            Uapi.RespectsAttachments.True => "true",
            Uapi.RespectsAttachments.False => "false",
            _ => "default",
        },
        _ => throw new ArgumentException($"unknown knob '{name}'", nameof(name)),
    };

    /// <summary>All knobs as (name, value) in the order of <see cref="Names"/>.</summary>
    public IEnumerable<KeyValuePair<string, string>> AsPairs() =>
        Names.Select(n => new KeyValuePair<string, string>(n, ValueOf(n)));
}
