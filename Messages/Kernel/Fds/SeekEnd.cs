using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>lseek(SEEK_END) on a dma-buf fd.</summary>
public sealed record SeekEndRequest(long RequestId, int Fd) : IKernelRequest;

/// <summary><see cref="Value"/> is the buffer's size in bytes.</summary>
public sealed record SeekEndReply(long RequestId, Errno Errno, long Value, ImmutableArray<KernelEffect> Effects) : IKernelReply<long>;
