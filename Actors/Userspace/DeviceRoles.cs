using Emulation.Actors.Uapi;

namespace Emulation.Actors.Userspace;

/// <summary>What userspace can do with a device.</summary>
public static class DeviceRoles
{
    /// <summary>A GPU that can render (compositing, client rendering, sampling imports).</summary>
    public static bool CanRender(this DeviceSpec d) => d.Kind is DeviceKind.RenderDisplay or DeviceKind.RenderOnly;

    /// <summary>Render-capable devices that are present, in topology order.</summary>
    public static IEnumerable<int> Renderers(Topology t, IReadOnlySet<int> present) =>
        Enumerable.Range(0, t.Devices.Length).Where(i => present.Contains(i) && t.Devices[i].CanRender());
}
