using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>
/// Another process allocates <paramref name="Bytes"/> of a device's own memory (R14): TTM evicts
/// unpinned buffers, least recently used first, to make room.
/// </summary>
public sealed record PressureRequest(long RequestId, string Device, long Bytes) : IDeviceRequest;

/// <summary><see cref="Value"/> is the pressure allocation's object id (to release it later).</summary>
public sealed record PressureReply(long RequestId, Errno Errno, int Value, ImmutableArray<KernelEffect> Effects) : IKernelReply<int>;
