using System.Collections.Immutable;
using Akka.Actor;
using Emulation.Actors.Uapi;

namespace Emulation.Messages.Kernel;

/// <summary>A device's face: the actor that receives the device's effect notifications.</summary>
public sealed record DeviceFace(string Device, IActorRef Face);

/// <summary>A pool's face: the actor that receives placement changes into and out of the pool.</summary>
public sealed record PoolFace(string Pool, IActorRef Face);

/// <summary>
/// Hands a machine-kernel actor the faces it sends effects to (added to, or replacing, those it has).
/// Answered with <see cref="FacesAttached"/>: EINVAL, and nothing attached, when a device or pool is unknown.
/// </summary>
public sealed record AttachFaces(long RequestId, ImmutableArray<DeviceFace> Devices, ImmutableArray<PoolFace> Pools) : IEmulationMessage;

public sealed record FacesAttached(long RequestId, Errno Errno) : IEmulationMessage;
