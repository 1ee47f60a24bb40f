using Emulation.Actors.Uapi;

namespace Emulation.Messages.Devices;

/// <summary>Sent to the owning device's face: a buffer's pin count went up (<paramref name="Pinned"/>) or down by one.</summary>
/// <param name="RequestId">The request whose operation pinned or unpinned.</param>
/// <param name="At">Where the buffer is pinned.</param>
public sealed record PinChanged(long RequestId, string Device, int Bo, Placement At, PinHolder Holder, bool Pinned) : IEmulationMessage;
