using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>
/// Draws into a handle's object: the owner validates its own object (R13, R14), an importer maps the
/// exporter's pages (R9, R10).
/// </summary>
public sealed record RenderRequest(long RequestId, int File, int Handle) : IKernelRequest;

public sealed record RenderReply(long RequestId, Errno Errno, BoInfo Value, ImmutableArray<KernelEffect> Effects)
    : IKernelReply<BoInfo>;
