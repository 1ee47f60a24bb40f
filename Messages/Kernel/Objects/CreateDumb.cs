using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>MODE_CREATE_DUMB (`create`): placed where the device's profile keeps dumb buffers.</summary>
public sealed record CreateDumbRequest(long RequestId, int File, uint Width, uint Height, uint Bpp) : IKernelRequest;

public sealed record CreateDumbReply(long RequestId, Errno Errno, HandleResult Value, ImmutableArray<KernelEffect> Effects)
    : IKernelReply<HandleResult>;
