using Emulation.Actors.Uapi;

namespace Emulation.Host.Replay;

/// <summary>
/// Reads an operation's arguments left to right, each as the kind the operation's usage says. The
/// first problem is kept as the line's error (what was expected, what was found) and later reads
/// return defaults. Names a line defines become known only after it (<see cref="Commit"/>), so
/// `dup D D` reads the old D.
/// </summary>
internal sealed class ArgumentCursor(string usage, IReadOnlyList<string> args, Topology topology, SymbolScope scope)
{
    private readonly List<(SymbolKind Kind, string Name)> _defines = [];
    private int _position;

    public string? Error { get; private set; }

    public void Fail(string expected, string? found = null)
    {
        Error ??= found is null ? $"expected {expected} (usage: {usage})" : $"expected {expected}, found '{found}' (usage: {usage})";
    }

    private string? Next(string expected)
    {
        if (Error is not null) return null;
        if (_position < args.Count) return args[_position++];
        Fail(expected);
        return null;
    }

    public string Define(SymbolKind kind)
    {
        var what = $"{kind.Describe()} to define";
        var token = Next(what);
        if (token is null) return "";
        if (!TraceTokens.IsSymbol(token)) Fail($"{what} (a name starting with a letter, never a number)", token);
        else _defines.Add((kind, token));
        return token;
    }

    public string Use(SymbolKind kind)
    {
        var what = $"{kind.Describe()} defined on an earlier line";
        var token = Next(what);
        if (token is null) return "";
        if (!TraceTokens.IsSymbol(token) || !scope.IsDefined(kind, token)) Fail(what, token);
        return token;
    }

    /// <summary>Whether a name is known for an expectation: defined earlier or by this very line.</summary>
    public bool IsKnown(SymbolKind kind, string name) => scope.IsDefined(kind, name) || _defines.Contains((kind, name));

    public int Device()
    {
        var what = $"a device of the topology ({string.Join(", ", topology.Devices.Select(d => d.Id))})";
        var token = Next(what);
        if (token is null) return -1;
        var index = topology.IndexOf(token);
        if (index < 0) Fail(what, token);
        return index;
    }

    public string Output()
    {
        var what = $"an output of the topology ({string.Join(", ", topology.AllOutputs.Select(o => o.Name))})";
        var token = Next(what);
        if (token is null) return "";
        if (topology.Output(token) is null) Fail(what, token);
        return token;
    }

    public ulong Number(string what, ulong max)
    {
        var token = Next(what);
        if (token is null) return 0;
        if (!TraceTokens.TryParseNumber(token, max, out var value)) Fail(what, token);
        return value;
    }

    public uint U32(string what) => (uint)Number($"{what} (a decimal or 0x-hex 32-bit number)", uint.MaxValue);

    public long Bytes() => (long)Number("a byte count (decimal or 0x-hex)", long.MaxValue);

    /// <summary>Milliseconds of emulated time, up to a year's worth.</summary>
    public long Millis() => (long)Number("milliseconds (a decimal or 0x-hex number up to 31536000000)", 31_536_000_000UL);

    public uint Flags()
    {
        var what = $"FLAGS: names ({string.Join(", ", TraceTokens.FlagNames.Keys)}) or numbers joined with '|'";
        var token = Next(what);
        if (token is null) return 0;
        if (!TraceTokens.TryParseFlags(token, out var flags)) Fail(what, token);
        return flags;
    }

    public Placement Placement()
    {
        var what = $"a placement ({string.Join(", ", PlacementNames.All)})";
        var token = Next(what);
        if (token is null) return Actors.Uapi.Placement.None;
        if (!PlacementNames.TryParse(token, out var placement)) Fail(what, token);
        return placement;
    }

    public BadFdKind BadFd()
    {
        const string what = "what to import instead of a dma-buf (devnull, closed, self)";
        var token = Next(what);
        switch (token)
        {
            case null: return default;
            case "devnull": return BadFdKind.DevNull;
            case "closed": return BadFdKind.Closed;
            case "self": return BadFdKind.Self;
            default: Fail(what, token); return default;
        }
    }

    /// <summary>Optional trailing words (`render`; `only`, `contiguous` in any order), each at most once.</summary>
    public ISet<string> Optional(params string[] words)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (Error is null && _position < args.Count && words.Contains(args[_position]) && seen.Add(args[_position]))
            _position++;
        return seen;
    }

    /// <summary>Nothing may follow the last argument but `=>` and expectations.</summary>
    public void End()
    {
        if (Error is null && _position < args.Count) Fail("the end of the operation (or `=>` and expectations)", args[_position]);
    }

    /// <summary>The names this line defines become known to the lines after it.</summary>
    public void Commit()
    {
        foreach (var (kind, name) in _defines) scope.Define(kind, name);
    }
}
