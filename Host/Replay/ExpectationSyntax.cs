using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Host.Replay;

/// <summary>The words after `=>` (docs/traces.md, "Expectations").</summary>
internal static class ExpectationSyntax
{
    public const string Words =
        "ok, an errno name (EINVAL), errno=NAME, handle=N, new, old, same=H, samebuf=D, value=U32, size=N, " +
        "[!]migrated, [!]pinned, [!]unpinned, evicted=N, notified=N, placement=NAME, pin-count=N, attachments=N";

    public static ImmutableArray<TraceExpectation> Read(IReadOnlyList<string> words, ArgumentCursor c)
    {
        if (words.Count == 0)
        {
            c.Fail($"at least one expectation after `=>` ({Words})");
            return [];
        }
        var result = ImmutableArray.CreateBuilder<TraceExpectation>(words.Count);
        foreach (var word in words)
        {
            if (Read(word, c) is { } expectation) result.Add(expectation);
            else if (c.Error is null) c.Fail($"an expectation ({Words})", word);
        }
        return result.ToImmutable();
    }

    private static TraceExpectation? Read(string token, ArgumentCursor c)
    {
        if (token == "ok") return new ExpectOk(token);
        if (token == "new" || token == "old") return new ExpectNew(token, token == "new");
        if (TraceTokens.ErrnoNames.Contains(token)) return new ExpectErrno(token, token);
        var negated = token.StartsWith('!');
        var word = negated ? token[1..] : token;
        switch (word)
        {
            case "migrated": return new ExpectEffect(token, EffectWord.Migrated, !negated);
            case "pinned": return new ExpectEffect(token, EffectWord.Pinned, !negated);
            case "unpinned": return new ExpectEffect(token, EffectWord.Unpinned, !negated);
            case "evicted": return new ExpectEffectCount(token, "evict", negated ? 0 : 1, AtLeast: !negated);
            case "notified": return new ExpectEffectCount(token, "move-notify", negated ? 0 : 1, AtLeast: !negated);
        }
        if (negated) return null;
        var equals = token.IndexOf('=');
        if (equals <= 0) return null;
        var key = token[..equals];
        var value = token[(equals + 1)..];
        switch (key)
        {
            case "errno":
                if (TraceTokens.ErrnoNames.Contains(value)) return new ExpectErrno(token, value);
                c.Fail("errno=NAME with a Linux errno name (EINVAL, ENOENT, EBADF, EACCES, ...)", token);
                return null;
            case "same":
                return Symbol(token, value, SymbolKind.Handle, c) ? new ExpectSame(token, value) : null;
            case "samebuf":
                return Symbol(token, value, SymbolKind.Fd, c) ? new ExpectSameBuf(token, value) : null;
            case "placement":
                if (value is "none" or "null") return new ExpectPlacement(token, null);
                if (PlacementNames.TryParse(value, out _)) return new ExpectPlacement(token, value);
                c.Fail($"placement=NAME with a placement ({string.Join(", ", PlacementNames.All)}) or none", token);
                return null;
            case "handle":
                return Number(token, "handle", value, uint.MaxValue, c);
            case "value":
                return Number(token, "value", value, uint.MaxValue, c);
            case "size":
                return Number(token, "size", value, long.MaxValue, c);
            case "pin-count":
                return Number(token, "pin_count", value, int.MaxValue, c);
            case "attachments":
                return Number(token, "attachments", value, int.MaxValue, c);
            case "evicted":
            case "notified":
                if (TraceTokens.TryParseNumber(value, int.MaxValue, out var count))
                    return new ExpectEffectCount(token, key == "evicted" ? "evict" : "move-notify", (int)count, AtLeast: false);
                c.Fail($"{key}=N with a count", token);
                return null;
            default:
                return null;
        }
    }

    private static TraceExpectation? Number(string token, string key, string value, ulong max, ArgumentCursor c)
    {
        if (TraceTokens.TryParseNumber(value, max, out var number)) return new ExpectNumber(token, key, (long)number);
        c.Fail($"{token[..token.IndexOf('=')]}=N with a decimal or 0x-hex number", token);
        return null;
    }

    private static bool Symbol(string token, string name, SymbolKind kind, ArgumentCursor c)
    {
        if (TraceTokens.IsSymbol(name) && c.IsKnown(kind, name)) return true;
        c.Fail($"{token[..token.IndexOf('=')]}= with {kind.Describe()} defined on an earlier line", token);
        return false;
    }
}
