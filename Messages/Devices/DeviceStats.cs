namespace Emulation.Messages.Devices;

/// <summary>Asks a device face what it has seen; answered by the face itself with <see cref="DeviceStats"/>.</summary>
public sealed record GetDeviceStats(long RequestId) : IEmulationMessage;

/// <summary>What a device face received since it started: effect notifications, and requests it forwarded.</summary>
public sealed record DeviceStats(long RequestId, string Device, long MoveNotifies, long Pins, long Unpins, long PlugChanges, long Forwarded)
    : IEmulationMessage;
