using Emulation.Actors.Uapi;
using Emulation.Messages.Scenarios;
using Emulation.Messages.Userspace;

namespace Emulation.Actors.Userspace;

/// <summary>Where a client renders, where its shared buffers live, and whether it names a sampling device.</summary>
/// <param name="RenderDevice">The GPU that draws the frames.</param>
/// <param name="BufferDevice">The device the shared (committed) buffers are allocated on.</param>
/// <param name="SamplingDevice">v6 set_sampling_device, or null.</param>
public sealed record ClientPlacement(int RenderDevice, int BufferDevice, int? SamplingDevice)
{
    /// <summary>DRI_PRIME: frames are drawn in a private buffer and blitted into a linear one of another device.</summary>
    public bool Blits => RenderDevice != BufferDevice;
}

/// <summary>The client allocation policies of docs/scenarios.md, as pure decisions over the feedback a client holds.</summary>
public static class AllocationChoice
{
    /// <summary>Null when no present device can take the client's buffers.</summary>
    public static ClientPlacement? Choose(ClientSpec client, Feedback feedback, Topology topology, IReadOnlySet<int> present)
    {
        bool Usable(int? candidate) => candidate is { } index && present.Contains(index) && topology.Devices[index].CanRender();
        int? IfUsable(int? candidate) => Usable(candidate) ? candidate : null;
        var main = IfUsable(feedback.Main is { } mainId ? topology.FindDevice(mainId) : null);
        var own = IfUsable(client.Device is { } ownId ? topology.FindDevice(ownId) : null);
        if ((own ?? main ?? DeviceRoles.Renderers(topology, present).Cast<int?>().FirstOrDefault()) is not { } preferred) return null;
        switch (client.Allocation)
        {
            case AllocationPolicy.MainDevice:
                return new ClientPlacement(preferred, preferred, null);
            case AllocationPolicy.PrimeBlit:
                return new ClientPlacement(preferred, main ?? preferred, null);
            default:
                var device = feedback.Tranches.Select(tranche => topology.FindDevice(tranche.Device)).FirstOrDefault(Usable) ?? preferred;
                var sampling = client.Allocation == AllocationPolicy.SamplingDevice && feedback.Version >= 6 ? device : (int?)null;
                return new ClientPlacement(device, device, sampling);
        }
    }
}
