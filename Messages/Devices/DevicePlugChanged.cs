namespace Emulation.Messages.Devices;

/// <summary>Sent to a device's face after an unplug or replug of it succeeded (R20).</summary>
public sealed record DevicePlugChanged(long RequestId, string Device, bool Present, int Generation) : IEmulationMessage;
