using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>The other process frees its pressure allocation <paramref name="Bo"/> on <paramref name="Device"/> (ENOENT if it is no pressure allocation of that device).</summary>
public sealed record ReleasePressureRequest(long RequestId, string Device, int Bo) : IDeviceRequest;

public sealed record ReleasePressureReply(long RequestId, Errno Errno, ImmutableArray<KernelEffect> Effects) : IKernelReply;
