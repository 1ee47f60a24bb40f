using Emulation.Actors.Uapi;

namespace Emulation.Actors.Userspace;

/// <summary>Where userspace allocates a device's render and scan-out buffers: its local memory, else its usual placement.</summary>
public static class BufferPlacement
{
    public static Placement For(DeviceSpec device) => device.Profile.HasLocalMemory ? device.Profile.LocalMemory : device.Profile.DumbPlacement;
}
