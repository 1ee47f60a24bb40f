using Emulation.Actors.Uapi;
using Emulation.Messages.Scenarios;

namespace Emulation.Actors.Userspace;

/// <summary>
/// The compositor's primary (composition) GPU by preset, among present devices that can render. A
/// built-in panel on a display-only device (split render/display SoC) makes the render-only GPU
/// paired with it primary, as kmsro does.
/// </summary>
public static class PrimarySelection
{
    /// <summary>The primary device's index, or null when no present device can render.</summary>
    public static int? Choose(Topology topology, IReadOnlySet<int> present, PrimaryPreset preset)
    {
        var renderers = DeviceRoles.Renderers(topology, present).ToList();
        if (renderers.Count == 0) return null;
        int? chosen = preset switch
        {
            PrimaryPreset.BootVga => renderers.Where(i => topology.Devices[i].BootVga).Cast<int?>().FirstOrDefault(),
            PrimaryPreset.BuiltInPanel => PanelDevice(topology, present, renderers),
            PrimaryPreset.Integrated => renderers.Where(i => topology.Devices[i].Integrated).Cast<int?>().FirstOrDefault(),
            _ => null,
        };
        return chosen ?? Fallback(topology, present, preset, renderers);
    }

    private static int? PanelDevice(Topology topology, IReadOnlySet<int> present, List<int> renderers)
    {
        for (var device = 0; device < topology.Devices.Length; device++)
        {
            if (!present.Contains(device) || !topology.Devices[device].Outputs.Any(o => o.BuiltIn)) continue;
            if (renderers.Contains(device)) return device;
            return renderers.FirstOrDefault(r => topology.Devices[r].Kind == DeviceKind.RenderOnly, renderers[0]);
        }
        return null;
    }

    /// <summary>mutter's order after its preference: built-in panel, integrated, boot VGA, then any.</summary>
    private static int Fallback(Topology topology, IReadOnlySet<int> present, PrimaryPreset preset, List<int> renderers)
    {
        if (preset == PrimaryPreset.FirstListed) return renderers[0];
        return PanelDevice(topology, present, renderers)
               ?? renderers.Where(i => topology.Devices[i].Integrated).Cast<int?>().FirstOrDefault()
               ?? renderers.Where(i => topology.Devices[i].BootVga).Cast<int?>().FirstOrDefault()
               ?? renderers[0];
    }
}
