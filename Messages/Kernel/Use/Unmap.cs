using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>The importer releases its mapping: a pinning mapping unpins (R11).</summary>
public sealed record UnmapRequest(long RequestId, int File, int Handle) : IKernelRequest;

public sealed record UnmapReply(long RequestId, Errno Errno, BoInfo Value, ImmutableArray<KernelEffect> Effects)
    : IKernelReply<BoInfo>;
