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
    /// <param name="primary">The compositor's primary GPU, or null when it has none.</param>
    /// <param name="outputDevice">The device of the output the surface is shown on, or null.</param>
    public static Feedback For(Topology topology, IReadOnlySet<int> present, int? primary, int? outputDevice, bool v6)
    {
        var tranches = ImmutableArray.CreateBuilder<Tranche>();
        if (!v6)
        {
            if (outputDevice is { } scanout && scanout != primary && present.Contains(scanout))
                tranches.Add(new Tranche(topology.Devices[scanout].Id, Scanout: true, Sampling: false));
            if (primary is not { } main) return new Feedback(5, null, tranches.ToImmutable());
            tranches.Add(new Tranche(topology.Devices[main].Id, Scanout: outputDevice == main, Sampling: false));
            return new Feedback(5, topology.Devices[main].Id, tranches.ToImmutable());
        }
        var order = new List<int>();
        if (outputDevice is { } output && present.Contains(output) && topology.Devices[output].CanRender()) order.Add(output);
        if (primary is { } primaryDevice && !order.Contains(primaryDevice)) order.Add(primaryDevice);
        order.AddRange(DeviceRoles.Renderers(topology, present).Where(d => !order.Contains(d)));
        foreach (var device in order)
            tranches.Add(new Tranche(topology.Devices[device].Id, Scanout: device == outputDevice, Sampling: true));
        return new Feedback(6, null, tranches.ToImmutable());
    }
}
