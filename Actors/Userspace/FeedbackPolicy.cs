using System.Collections.Immutable;
using Emulation.Actors.Uapi;
using Emulation.Messages.Userspace;

namespace Emulation.Actors.Userspace;

/// <summary>
/// The linux-dmabuf feedback a compositor sends for a surface. v4/v5 (every policy but client-hint):
/// main device = primary, plus a scan-out tranche for the KMS device of the surface's output when it
/// is not the primary (mutter's per-CRTC tranche). v6 (client-hint): sampling tranches for every
/// device that can sample the buffer without a migration, the surface's output device first, no main
/// device; a device that is gone has no tranche (R20).
/// </summary>
public static class FeedbackPolicy
{
    public static Feedback For(Topology topology, IReadOnlySet<int> present, int primary, int outputDevice, bool v6)
    {
        var tranches = ImmutableArray.CreateBuilder<Tranche>();
        if (!v6)
        {
            if (outputDevice >= 0 && outputDevice != primary && present.Contains(outputDevice))
                tranches.Add(new Tranche(topology.Devices[outputDevice].Id, Scanout: true, Sampling: false));
            if (primary >= 0)
                tranches.Add(new Tranche(topology.Devices[primary].Id, Scanout: outputDevice == primary, Sampling: false));
            return new Feedback(5, primary >= 0 ? topology.Devices[primary].Id : null, tranches.ToImmutable());
        }
        var order = new List<int>();
        if (outputDevice >= 0 && present.Contains(outputDevice) && topology.Devices[outputDevice].CanRender()) order.Add(outputDevice);
        if (primary >= 0 && !order.Contains(primary)) order.Add(primary);
        order.AddRange(DeviceRoles.Renderers(topology, present).Where(d => !order.Contains(d)));
        foreach (var device in order)
            tranches.Add(new Tranche(topology.Devices[device].Id, Scanout: device == outputDevice, Sampling: true));
        return new Feedback(6, null, tranches.ToImmutable());
    }
}
