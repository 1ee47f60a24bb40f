using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>The importer maps an imported handle (R9, R10; a re-map after move-notify may migrate again, R12).</summary>
public sealed record MapRequest(long RequestId, int File, int Handle) : IKernelRequest;

public sealed record MapReply(long RequestId, Errno Errno, BoInfo Value, ImmutableArray<KernelEffect> Effects)
    : IKernelReply<BoInfo>;
