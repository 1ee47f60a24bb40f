namespace Emulation.Host.Replay;

/// <summary>
/// One word after `=>`, checked against the operation's outcome. <see cref="Token"/> is the word as
/// written: the JSON line lists it in `expect`, and in `failed` when it did not hold.
/// </summary>
public abstract record TraceExpectation(string Token);

/// <summary>`ok`: the operation succeeded.</summary>
public sealed record ExpectOk(string Token) : TraceExpectation(Token);

/// <summary>`EINVAL` or `errno=EINVAL`: the operation failed with that errno.</summary>
public sealed record ExpectErrno(string Token, string Errno) : TraceExpectation(Token);

/// <summary>A key of the line equals a number: `handle=N`, `size=N`, `value=U32`, `pin-count=N`, `attachments=N`.</summary>
public sealed record ExpectNumber(string Token, string Key, long Value) : TraceExpectation(Token);

/// <summary>`new` (true) or `old` (false): the `new` key.</summary>
public sealed record ExpectNew(string Token, bool IsNew) : TraceExpectation(Token);

/// <summary>`same=H`: H is among the line's `same_as`.</summary>
public sealed record ExpectSame(string Token, string Handle) : TraceExpectation(Token);

/// <summary>`samebuf=D`: D is among the line's `same_buf_as`.</summary>
public sealed record ExpectSameBuf(string Token, string Fd) : TraceExpectation(Token);

/// <summary>`placement=NAME` (`none` or `null`: a freed or revoked BO).</summary>
public sealed record ExpectPlacement(string Token, string? Placement) : TraceExpectation(Token);

/// <summary>What an effect word is about.</summary>
public enum EffectWord : byte
{
    Migrated,
    Pinned,
    Unpinned,
}

/// <summary>
/// `migrated`, `pinned`, `unpinned` (and `!` before them): whether such an effect happened to the BO
/// where the pages of the operation's handle are (any BO for operations without a handle).
/// </summary>
public sealed record ExpectEffect(string Token, EffectWord Word, bool Happened) : TraceExpectation(Token);

/// <summary>
/// `evicted=N` / `notified=N`: how many `evict` / `move-notify` effects the operation caused, on any
/// BO (<paramref name="Kind"/> is the effect kind). The bare word means at least one, `!` none.
/// </summary>
public sealed record ExpectEffectCount(string Token, string Kind, int Count, bool AtLeast) : TraceExpectation(Token);
