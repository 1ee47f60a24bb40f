using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>PRIME HANDLE_TO_FD; <paramref name="Flags"/> from <see cref="ExportFlags"/> (R2, R3).</summary>
public sealed record ExportRequest(long RequestId, int File, int Handle, uint Flags) : IKernelRequest;

public sealed record ExportReply(long RequestId, Errno Errno, FdResult Value, ImmutableArray<KernelEffect> Effects)
    : IKernelReply<FdResult>;
