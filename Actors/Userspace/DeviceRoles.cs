using Emulation.Actors.Uapi;

namespace Emulation.Actors.Userspace;

/// <summary>What userspace can do with a device.</summary>
public static class DeviceRoles
{
    /// <summary>A GPU that can render (compositing, client rendering, sampling imports).</summary>
    public static bool CanRender(this DeviceSpec device) => device.Kind is DeviceKind.RenderDisplay or DeviceKind.RenderOnly;

    /// <summary>The index of a device by id, or null when the topology has no such device.</summary>
    public static int? FindDevice(this Topology topology, string deviceId) =>
        topology.IndexOf(deviceId) is var index and >= 0 ? index : null;

    /// <summary>Render-capable devices that are present, in topology order.</summary>
    public static IEnumerable<int> Renderers(Topology topology, IReadOnlySet<int> present) =>
        Enumerable.Range(0, topology.Devices.Length).Where(i => present.Contains(i) && topology.Devices[i].CanRender());
}
