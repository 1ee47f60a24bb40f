using System.Collections.Immutable;
using Akka.Actor;

namespace Emulation.Messages.Kernel;

/// <summary>Asks a kernel host for the actors it started; answered with <see cref="KernelRefs"/>.</summary>
public sealed record GetKernelRefs(long RequestId) : IEmulationMessage;

/// <summary>A machine's kernel actor and its device and pool faces, in topology and pool order.</summary>
public sealed record KernelRefs(long RequestId, IActorRef Kernel, ImmutableArray<DeviceFace> Devices, ImmutableArray<PoolFace> Pools)
    : IEmulationMessage;
