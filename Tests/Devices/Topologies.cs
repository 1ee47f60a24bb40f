using Emulation.Actors.Uapi;

namespace Emulation.Tests.Devices;

/// <summary>Small machines for the actor tests.</summary>
public static class Topologies
{
    /// <summary>An Intel iGPU (eDP panel) and an AMD dGPU (HDMI), no P2P: a common laptop.</summary>
    public static readonly Topology IntelAmdLaptop = new("intel-amd-laptop",
    [
        DeviceSpec.Create("igpu", DeviceKind.RenderDisplay, DriverProfile.I915, "edp"),
        DeviceSpec.Create("dgpu", DeviceKind.RenderDisplay, DriverProfile.Amdgpu, "hdmi"),
    ], [], SystemMemory.Default);

    /// <summary>Two AMD dGPUs behind one PCIe switch (P2P); dgpu0 has 1 GiB of VRAM behind a resizable BAR.</summary>
    public static readonly Topology TwoAmdPeers = new("two-amd-peers",
    [
        DeviceSpec.Create("dgpu0", DeviceKind.RenderDisplay, DriverProfile.Amdgpu, "dp-1") with
        {
            ResizableBar = true,
            LocalMemoryBytes = DeviceSpec.GiB,
        },
        DeviceSpec.Create("dgpu1", DeviceKind.RenderDisplay, DriverProfile.Amdgpu, "dp-2"),
    ], [new P2PLink("dgpu0", "dgpu1")], SystemMemory.Default);
}
