using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>Reads the buffer's first 4 bytes through the dma-buf's mmap.</summary>
public sealed record ReadRequest(long RequestId, int Fd) : IKernelRequest;

public sealed record ReadReply(long RequestId, Errno Errno, uint Value, ImmutableArray<KernelEffect> Effects) : IKernelReply<uint>;
