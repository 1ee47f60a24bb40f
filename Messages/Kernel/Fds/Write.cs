using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>Writes the buffer's first 4 bytes through the dma-buf's mmap (EACCES when read-only).</summary>
public sealed record WriteRequest(long RequestId, int Fd, uint Value) : IKernelRequest;

public sealed record WriteReply(long RequestId, Errno Errno, ImmutableArray<KernelEffect> Effects) : IKernelReply;
