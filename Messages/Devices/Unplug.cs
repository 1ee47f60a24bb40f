using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>R20: the device goes; its exports are revoked and every later ioctl on its files fails ENODEV.</summary>
public sealed record UnplugRequest(long RequestId, string Device) : IDeviceRequest;

public sealed record UnplugReply(long RequestId, Errno Errno, ImmutableArray<KernelEffect> Effects) : IKernelReply;
