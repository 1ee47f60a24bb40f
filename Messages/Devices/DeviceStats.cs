namespace Emulation.Messages.Devices;

/// <summary>Asks a device face what it has seen; answered by the face itself with <see cref="DeviceStats"/>.</summary>
public sealed record GetDeviceStats(long RequestId) : IEmulationMessage;

/// <summary>
/// What a device face keeps (its ledger): the effect notifications it received, its hot-plug state, the
/// operations it forwarded to the kernel, and its frame times (the GPU time of each frame, R22).
/// </summary>
/// <param name="Generation">The device's generation: 1 at boot, one more after each replug.</param>
/// <param name="FrameNanos">GPU time summed over the frames it was told of.</param>
/// <param name="MaxFrameNanos">Its longest frame.</param>
public sealed record DeviceStats(
    long RequestId,
    string Device,
    long MoveNotifies,
    long Pins,
    long Unpins,
    long PlugChanges,
    long Forwarded,
    bool Present,
    int Generation,
    long Frames,
    long FrameNanos,
    long MaxFrameNanos) : IEmulationMessage;

/// <summary>The machine tells a device face what one frame cost it (R22): the face keeps the device's frame times.</summary>
public sealed record DeviceFrame(long RequestId, int Frame, long GpuNanos) : IEmulationMessage;
