using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Host.Replay;

/// <summary>
/// Checks a line's expectations against what its JSON line says (so a verdict can always be read off
/// the printed keys), plus the BO the effect words concern.
/// </summary>
public static class ExpectationChecker
{
    /// <summary>The tokens of <paramref name="expectations"/> that did not hold, in order.</summary>
    public static ImmutableArray<string> Failed(IEnumerable<TraceExpectation> expectations, ReplayLine line, int? pagesBo) =>
        [.. expectations.Where(e => !Holds(e, line, pagesBo)).Select(e => e.Token)];

    public static bool Holds(TraceExpectation expectation, ReplayLine line, int? pagesBo)
    {
        var keys = line.Keys;
        return expectation switch
        {
            ExpectOk => line.Ok,
            ExpectErrno e => !line.Ok && line.Errno == e.Errno,
            ExpectNumber n => NumberKey(keys, n.Key) == n.Value,
            ExpectNew n => keys.New == n.IsNew,
            ExpectSame s => keys.SameAs is { } sameAs && sameAs.Contains(s.Handle),
            ExpectSameBuf s => keys.SameBufAs is { } sameBufAs && sameBufAs.Contains(s.Fd),
            ExpectPlacement p => keys.Placement is { } placement
                                 && (p.Placement is null ? placement == Placement.None : placement != Placement.None && placement.Name() == p.Placement),
            ExpectEffect e => line.Effects.Any(x => x.Kind == KindOf(e.Word) && (pagesBo is null || x.BoId == pagesBo)) == e.Happened,
            ExpectEffectCount c => Count(line, c.Kind) is var n && (c.AtLeast ? n >= c.Count : n == c.Count),
            _ => throw new ArgumentOutOfRangeException(nameof(expectation), expectation, "unknown expectation"),
        };
    }

    private static long? NumberKey(OperationKeys keys, string key) => key switch
    {
        "handle" => keys.Handle,
        "value" => keys.Value,
        "size" => keys.Size,
        "pin_count" => keys.PinCount,
        "attachments" => keys.Attachments,
        _ => null,
    };

    private static string KindOf(EffectWord word) => word switch
    {
        EffectWord.Migrated => "migrate",
        EffectWord.Pinned => "pin",
        _ => "unpin",
    };

    private static int Count(ReplayLine line, string kind) => line.Effects.Count(e => e.Kind == kind);
}
