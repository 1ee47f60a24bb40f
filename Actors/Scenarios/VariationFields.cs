using Emulation.Actors.Uapi;

namespace Emulation.Actors.Scenarios;

/// <summary>What a `variation` block may vary, and how each value is checked.</summary>
internal static class VariationFields
{
    public static readonly string[] Device = ["vram", "carveout", "resizable-bar", "link-bandwidth", "present"];
    public static readonly string[] Client = ["start", "fps", "device", "output", "buffers"];

    /// <summary>The value as text when valid for the field, else null (the error is reported).</summary>
    public static string? Check(HoconNode v, string target, string field, Topology topology, int frames)
    {
        var ok = field switch
        {
            "vram" or "carveout" => v.Bytes() is > 0,
            "resizable-bar" or "present" => v.Bool() is not null,
            "link-bandwidth" => v.Positive("GB/s") is not null,
            "start" => v.Int(0, frames - 1) is not null,
            "fps" => v.Int(1, 1000) is not null,
            "buffers" => v.Int(1, 8) is not null,
            "device" => v.Reference(topology.Devices.Where(d => d.Kind is DeviceKind.RenderDisplay or DeviceKind.RenderOnly).Select(d => d.Id).ToList()) is not null,
            "output" => v.Reference(topology.AllOutputs.Select(o => o.Name).ToList()) is not null,
            _ => false,
        };
        if (ok && field is "vram" or "carveout")
        {
            var device = topology.Devices[topology.IndexOf(target)];
            var wanted = field == "vram" ? Placement.Vram : Placement.Carveout;
            if (device.Profile.LocalMemory != wanted)
            {
                v.Fail($"no {field} variation: device {target} has {(device.Profile.HasLocalMemory ? device.Profile.LocalMemory.Name() : "no local memory")}");
                return null;
            }
        }
        return ok ? v.Literal : null;
    }
}
