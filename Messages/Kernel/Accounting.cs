using System.Collections.Immutable;

namespace Emulation.Messages.Kernel;

/// <summary>
/// The machine's frame is over: the kernel counts the buffers pinned in system memory that want VRAM, and
/// its clock moves on by the frame's <paramref name="ElapsedMicros"/> (R14's move budget refills with it).
/// </summary>
public sealed record EndFrame(long RequestId, long ElapsedMicros) : IKernelRequest;

/// <summary>Buffers pinned in gtt or system whose preferred placement is vram, at the end of the frame.</summary>
public sealed record FrameEnded(long RequestId, int PinnedInSystem) : IKernelReply;

/// <summary>Asks what the kernel counted over the run (the figures only the kernel sees).</summary>
public sealed record GetTally(long RequestId) : IKernelRequest;

/// <summary>What the kernel counted over the run, and the texts of the last invariant violations it found.</summary>
public sealed record KernelTally(
    long RequestId,
    long ImportMigrations,
    long EvictionMigrations,
    long ValidateMigrations,
    long BytesMoved,
    long Evictions,
    long MoveNotifies,
    long PingPongCycles,
    long PinnedInSystem,
    long InvariantViolations,
    ImmutableArray<string> RecentViolations) : IKernelReply;
