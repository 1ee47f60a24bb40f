namespace Emulation.Messages.Scenarios;

/// <summary>Where a client allocates its buffers (docs/scenarios.md, "Clients: allocation policies").</summary>
public enum AllocationPolicy : byte
{
    /// <summary>v4/v5 client: renders and allocates on its own GPU; reads main_device only to decide on linear.</summary>
    MainDevice,
    /// <summary>Device-switching client: walks the (per-surface) feedback tranches, allocates on the first target it can render on.</summary>
    TrancheWalk,
    /// <summary>DRI_PRIME render offload: renders on its GPU, blits each frame into a linear buffer of the compositor's main device.</summary>
    PrimeBlit,
    /// <summary>linux-dmabuf v6: allocates where the sampling tranches say and sets the sampling device (R19); tranche walk on v5.</summary>
    SamplingDevice,
}

public static class AllocationPolicies
{
    public static readonly IReadOnlyList<string> Ids = ["main-device", "tranche-walk", "prime-blit", "sampling-device"];

    public static string Id(this AllocationPolicy p) => Ids[(int)p];
}

/// <summary>
/// A Wayland client: its GPU, allocation policy, swapchain and the output its window is on.
/// </summary>
/// <param name="Device">The GPU it renders on (DRI_PRIME / Vulkan device choice); null: the compositor's main device.</param>
/// <param name="Fps">Frames it renders per second; the compositor repaints at the outputs' refresh.</param>
/// <param name="StartFrame">First frame it runs (a timeline `client-start` may start it later).</param>
/// <param name="StopFrame">Frame it stops at (-1: runs to the end).</param>
public sealed record ClientSpec(
    string Name,
    string? Device,
    AllocationPolicy Allocation,
    int Buffers,
    int Width,
    int Height,
    string Format,
    string Output,
    int Fps,
    int StartFrame,
    int StopFrame)
{
    /// <summary>What the client is (its default <see cref="Work"/>).</summary>
    public ClientKind Kind { get; init; } = ClientKind.Game;

    /// <summary>Its frame work (R22): the kind's defaults unless the scenario says otherwise.</summary>
    public Workload Work { get; init; } = ClientKind.Game.Defaults();

    /// <summary>Bytes of one buffer: XR24/AR24 at 4 bytes per pixel, page aligned.</summary>
    public long BufferBytes => (((long)Width * Height * 4) + 4095) / 4096 * 4096;
}
