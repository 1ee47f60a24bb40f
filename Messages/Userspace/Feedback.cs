using System.Collections.Immutable;

namespace Emulation.Messages.Userspace;

/// <summary>One linux-dmabuf feedback tranche: a target device and its flags.</summary>
/// <param name="Scanout">The target is a KMS device that may scan these buffers out directly.</param>
/// <param name="Sampling">v6: the compositor samples efficiently from buffers imported on the target.</param>
public sealed record Tranche(string Device, bool Scanout, bool Sampling);

/// <summary>
/// linux-dmabuf feedback for one surface: v4/v5 (a main device and tranches) or v6 (sampling
/// tranches, no main device; the first sampling target plays its part).
/// </summary>
public sealed record Feedback(int Version, string? MainDevice, ImmutableArray<Tranche> Tranches)
{
    /// <summary>The device a v4-era client treats as the compositor's: main_device, or the first sampling target on v6.</summary>
    public string? Main => MainDevice ?? Tranches.FirstOrDefault(t => t.Sampling)?.Device;
}
