namespace Emulation.Host.Replay;

/// <summary>The three symbol namespaces of a trace: a name may be a file, a handle and an fd at once.</summary>
public enum SymbolKind : byte
{
    File,
    Handle,
    Fd,
}

public static class SymbolKindNames
{
    public static string Describe(this SymbolKind kind) => kind switch
    {
        SymbolKind.File => "a file symbol",
        SymbolKind.Handle => "a handle symbol",
        _ => "an fd symbol",
    };
}

/// <summary>Parse-time knowledge of which names each earlier line introduced (a failed operation introduces its name too).</summary>
internal sealed class SymbolScope
{
    private readonly HashSet<(SymbolKind, string)> _defined = [];

    public bool IsDefined(SymbolKind kind, string name) => _defined.Contains((kind, name));

    public void Define(SymbolKind kind, string name) => _defined.Add((kind, name));
}
