using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>PRIME FD_TO_HANDLE; <paramref name="Flags"/> from <see cref="ImportFlags"/> (NO_MOVE, SAME_DEVICE, DYNAMIC; R4-R18).</summary>
public sealed record ImportRequest(long RequestId, int File, int Fd, uint Flags) : IKernelRequest;

public sealed record ImportReply(long RequestId, Errno Errno, HandleResult Value, ImmutableArray<KernelEffect> Effects)
    : IKernelReply<HandleResult>;
