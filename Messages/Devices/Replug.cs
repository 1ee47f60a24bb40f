using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>A fresh device with the same id: new opens work, files of the old one stay ENODEV.</summary>
public sealed record ReplugRequest(long RequestId, string Device) : IDeviceRequest;

public sealed record ReplugReply(long RequestId, Errno Errno, ImmutableArray<KernelEffect> Effects) : IKernelReply;
