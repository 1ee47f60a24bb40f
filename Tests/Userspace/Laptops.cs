using Emulation.Actors.Uapi;

namespace Emulation.Tests.Userspace;

/// <summary>Small machines for userspace tests.</summary>
public static class Laptops
{
    /// <summary>T01's shape: i915 iGPU with the built-in eDP panel, amdgpu dGPU with HDMI, no P2P.</summary>
    public static readonly Topology IntelAmd = UserspaceRig.Parse("""
        {
          devices = [
            { id = igpu, driver = i915, outputs = [ { name = edp, built-in = true } ] }
            { id = dgpu, driver = amdgpu, vram = 1GiB, outputs = [hdmi] }
          ]
        }
        """);

    /// <summary>T02's shape: i915 iGPU (eDP) and an NVIDIA dGPU (HDMI).</summary>
    public static readonly Topology IntelNvidia = UserspaceRig.Parse("""
        {
          devices = [
            { id = igpu, driver = i915, outputs = [ { name = edp, built-in = true } ] }
            { id = dgpu, driver = nvidia, vram = 1GiB, outputs = [hdmi] }
          ]
        }
        """);
}
