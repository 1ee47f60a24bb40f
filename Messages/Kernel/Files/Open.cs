using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>open() of a device's primary node, or its render node. ENOENT for an unknown device or a missing render node.</summary>
public sealed record OpenRequest(long RequestId, string Device, bool RenderNode) : IDeviceRequest;

/// <summary><see cref="Value"/> is the new DRM file's id.</summary>
public sealed record OpenReply(long RequestId, Errno Errno, int Value, ImmutableArray<KernelEffect> Effects) : IKernelReply<int>;
