using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>Shows a handle on an output of the file's device; the pages are pinned while shown.</summary>
public sealed record ScanoutRequest(long RequestId, int File, int Handle, string Output) : IKernelRequest;

public sealed record ScanoutReply(long RequestId, Errno Errno, BoInfo Value, ImmutableArray<KernelEffect> Effects)
    : IKernelReply<BoInfo>;
