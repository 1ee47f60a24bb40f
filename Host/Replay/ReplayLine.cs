using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Host.Replay;

/// <summary>One effect as the output shows it: `kind`, `bo` (`O3`), and `from`/`to`/`bytes` where they apply.</summary>
/// <param name="BoId">The model's object id behind <see cref="Bo"/>.</param>
public sealed record EffectRecord(string Kind, int BoId, Placement? From = null, Placement? To = null, long? Bytes = null)
{
    public string Bo => $"O{BoId}";

    public static EffectRecord Of(KernelEffect effect) => effect switch
    {
        Migrated m => new EffectRecord("migrate", m.Bo, m.From, m.To, m.Bytes),
        Evicted e => new EffectRecord("evict", e.Bo, e.From, e.To, e.Bytes),
        Pinned p => new EffectRecord("pin", p.Bo),
        Unpinned u => new EffectRecord("unpin", u.Bo),
        MoveNotified n => new EffectRecord("move-notify", n.Bo),
        _ => throw new ArgumentOutOfRangeException(nameof(effect), effect, "unknown kernel effect"),
    };
}

/// <summary>
/// The keys a successful operation adds (docs/traces.md, "The output"); null means the key is absent.
/// A present <see cref="Placement"/> of <see cref="Kernel.Placement.None"/> prints as JSON null.
/// </summary>
public sealed record OperationKeys
{
    public static readonly OperationKeys None = new();

    public int? Handle { get; init; }
    public bool? New { get; init; }
    public ImmutableArray<string>? SameAs { get; init; }
    public string? Buf { get; init; }
    public ImmutableArray<string>? SameBufAs { get; init; }
    public AccessMode? AccMode { get; init; }
    public bool? CloExec { get; init; }
    public long? Size { get; init; }
    public Placement? Placement { get; init; }
    public int? PinCount { get; init; }
    public int? Attachments { get; init; }
    public uint? Value { get; init; }
}

/// <summary>One JSON line of the replay: the fixed keys, the operation's keys on success, the expectation verdict.</summary>
/// <param name="I">1-based index among the operations.</param>
/// <param name="Line">1-based line number in the file.</param>
/// <param name="Errno">The errno name of a failure, or null.</param>
public sealed record ReplayLine(int I, int Line, string Op, ImmutableArray<string> Args, bool Ok, string? Errno,
    ImmutableArray<EffectRecord> Effects, OperationKeys Keys)
{
    /// <summary>The expectation tokens; empty on a line without `=>`.</summary>
    public ImmutableArray<string> Expect { get; init; } = [];

    /// <summary>The tokens that did not hold.</summary>
    public ImmutableArray<string> Failed { get; init; } = [];

    public bool Pass => Failed.IsEmpty;
}
