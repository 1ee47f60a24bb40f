namespace Emulation.Actors.Uapi;

/// <summary>Why a buffer moved: the metrics count import, eviction and validation moves apart (docs/scenarios.md).</summary>
public enum MoveCause : byte
{
    /// <summary>An import's attach, first map or pin (import-migrations).</summary>
    Import,
    /// <summary>The owner's validation (R13) or a re-map after move-notify (R12): validate-migrations.</summary>
    Validate,
    /// <summary>The owner's own buffer pinned where its display scans out (counted with validate-migrations).</summary>
    Scanout,
}

/// <summary>Who holds a pin (the invariant checker counts them).</summary>
public enum PinHolder : byte
{
    /// <summary>A mapping of a static attachment, or any mapping with move-notify off (R9).</summary>
    Mapping,
    /// <summary>The exporter pinned at attach until detach (i915, nouveau; R8).</summary>
    Attach,
    /// <summary>An output shows the buffer.</summary>
    Scanout,
    /// <summary>Another process pinned its own allocation (pinned VRAM pressure).</summary>
    Pressure,
}

/// <summary>Something an operation did to a buffer, in the order it happened.</summary>
public abstract record KernelEffect(int Bo);

/// <summary>A buffer's pages moved (not by eviction).</summary>
public sealed record Migrated(int Bo, Placement From, Placement To, long Bytes, MoveCause Cause) : KernelEffect(Bo);

/// <summary>R14: TTM evicted an unpinned buffer to make room.</summary>
public sealed record Evicted(int Bo, Placement From, Placement To, long Bytes) : KernelEffect(Bo);

/// <summary>The pin count went up by one.</summary>
public sealed record Pinned(int Bo, Placement At, PinHolder Holder) : KernelEffect(Bo);

/// <summary>The pin count went down by one.</summary>
public sealed record Unpinned(int Bo, Placement At, PinHolder Holder) : KernelEffect(Bo);

/// <summary>R12: a dynamic attachment was told its mapping is stale. <see cref="KernelEffect.Bo"/> is the importer object.</summary>
public sealed record MoveNotified(int Bo, int ExporterBo, int Attachment) : KernelEffect(Bo);
