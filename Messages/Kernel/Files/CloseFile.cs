using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>close() of a DRM file: its outputs go dark, its handles and framebuffers go.</summary>
public sealed record CloseFileRequest(long RequestId, int File) : IKernelRequest;

public sealed record CloseFileReply(long RequestId, Errno Errno, ImmutableArray<KernelEffect> Effects) : IKernelReply;
