using Emulation.Actors.Uapi;

namespace Emulation.Messages.Pools;

/// <summary>Whether a buffer came into a pool or left it.</summary>
public enum PoolFlow : byte
{
    In,
    Out,
}

/// <summary>Why a buffer changed placement (the migration metrics count them apart).</summary>
public enum PlacementCause : byte
{
    /// <summary>An import's attach, first map or pin (import-migrations).</summary>
    Import,
    /// <summary>The owner's validation or a re-map after move-notify (validate-migrations).</summary>
    Validate,
    /// <summary>A pin for scanout.</summary>
    Scanout,
    /// <summary>R14: TTM made room under pressure (eviction-migrations).</summary>
    Eviction,
}

/// <summary>
/// Sent to a pool's face when a buffer moves into it or out of it; one move gives two of these, one to
/// each pool (<see cref="PoolFlow.Out"/> to the source, <see cref="PoolFlow.In"/> to the destination).
/// </summary>
/// <param name="RequestId">The request whose operation moved the buffer.</param>
/// <param name="Pool">The receiving pool ("vram:dgpu", "gtt").</param>
/// <param name="Owner">The device that owns the buffer.</param>
public sealed record PlacementChanged(
    long RequestId,
    string Pool,
    PoolFlow Flow,
    int Bo,
    string Owner,
    Placement From,
    Placement To,
    long Bytes,
    PlacementCause Cause) : IEmulationMessage;
