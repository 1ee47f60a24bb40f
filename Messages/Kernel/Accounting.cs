using System.Collections.Immutable;

namespace Emulation.Messages.Kernel;

/// <summary>
/// The machine's frame is over: the kernel counts the buffers pinned in system memory that want VRAM, and
/// its clock moves on by the frame's <paramref name="ElapsedMicros"/> (R14's move budget refills with it).
/// </summary>
public sealed record EndFrame(long RequestId, long ElapsedMicros) : IKernelRequest;

/// <summary>
/// What the kernel counted in the frame: the client's buffers pinned in gtt or system whose preferred placement is
/// vram, and the device time the frame's moves cost each device (R22), in nanoseconds, in topology order.
/// </summary>
public sealed record FrameEnded(long RequestId, int PinnedInSystem, ImmutableArray<long> MoveNanos) : IKernelReply;

/// <summary>Asks what the kernel counted over the run (the figures only the kernel sees).</summary>
public sealed record GetTally(long RequestId) : IKernelRequest;

/// <summary>
/// What the kernel counted over the run, and the texts of the last invariant violations it found. Buffer figures
/// are split by owner: one value per owner (client, compositor, other).
/// </summary>
public sealed record KernelTally(
    long RequestId,
    ImmutableArray<long> ImportMigrations,
    ImmutableArray<long> EvictionMigrations,
    ImmutableArray<long> ValidateMigrations,
    ImmutableArray<long> BytesMoved,
    ImmutableArray<long> MoveNanos,
    ImmutableArray<long> Evictions,
    ImmutableArray<long> PingPongCycles,
    ImmutableArray<long> PinnedInSystem,
    ImmutableArray<long> MisplacedFrames,
    long MoveNotifies,
    long InvariantViolations,
    ImmutableArray<string> RecentViolations) : IKernelReply;
