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

/// <summary>The client allocation policies of spec 4, as pure decisions over the feedback a client holds.</summary>
public static class AllocationChoice
{
    /// <summary>Null when no present device can take the client's buffers.</summary>
    public static ClientPlacement? Choose(ClientSpec client, Feedback feedback, Topology topology, IReadOnlySet<int> present)
    {
        bool Usable(int candidate) => candidate >= 0 && present.Contains(candidate) && topology.Devices[candidate].CanRender();
        var main = feedback.Main is { } mainId ? topology.IndexOf(mainId) : -1;
        var own = client.Device is { } ownId ? topology.IndexOf(ownId) : -1;
        var preferred = Usable(own) ? own : Usable(main) ? main : DeviceRoles.Renderers(topology, present).DefaultIfEmpty(-1).First();
        if (preferred < 0) return null;
        switch (client.Allocation)
        {
            case AllocationPolicy.MainDevice:
                return new ClientPlacement(preferred, preferred, null);
            case AllocationPolicy.PrimeBlit:
                return new ClientPlacement(preferred, Usable(main) ? main : preferred, null);
            default:
                var walked = feedback.Tranches.Select(tranche => topology.IndexOf(tranche.Device)).FirstOrDefault(Usable, -1);
                var device = walked >= 0 ? walked : preferred;
                var sampling = client.Allocation == AllocationPolicy.SamplingDevice && feedback.Version >= 6 ? device : (int?)null;
                return new ClientPlacement(device, device, sampling);
        }
    }
}
