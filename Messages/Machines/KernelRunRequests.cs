using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages.Machines;

/// <summary>
/// A scenario's VRAM pressure: another process allocates <paramref name="Bytes"/>, or all of the device's
/// memory but <paramref name="LeaveFree"/> (when that is >= 0), optionally pinned.
/// </summary>
public sealed record VramPressureRequest(long RequestId, string Device, long Bytes, long LeaveFree, bool Pinned) : IKernelRequest;

/// <summary>The pressure allocation's object id.</summary>
public sealed record VramPressureReply(long RequestId, Errno Errno, int Value, ImmutableArray<KernelEffect> Effects) : IKernelReply<int>;

/// <summary>The other process uses its pressure allocation this frame (an active workload validates it back).</summary>
public sealed record UsePressureRequest(long RequestId, int Bo) : IKernelRequest;

public sealed record UsePressureReply(long RequestId, Errno Errno, ImmutableArray<KernelEffect> Effects) : IKernelReply;

/// <summary>The machine's frame is over: the kernel counts buffers pinned in system memory that want VRAM.</summary>
public sealed record EndFrameRequest(long RequestId) : IKernelRequest;

public sealed record EndFrameReply(long RequestId, Errno Errno, int PinnedInSystem, ImmutableArray<KernelEffect> Effects) : IKernelReply;

/// <summary>What the kernel counted over the run (spec 5 figures only the kernel sees).</summary>
public sealed record TallyRequest(long RequestId) : IKernelRequest;

public sealed record TallyReply(
    long RequestId,
    Errno Errno,
    long ImportMigrations,
    long EvictionMigrations,
    long ValidateMigrations,
    long BytesMoved,
    long Evictions,
    long MoveNotifies,
    long PingPongCycles,
    long PinnedInSystem,
    long InvariantViolations,
    ImmutableArray<string> RecentViolations,
    ImmutableArray<KernelEffect> Effects) : IKernelReply;
