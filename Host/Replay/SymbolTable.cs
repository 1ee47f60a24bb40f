namespace Emulation.Host.Replay;

/// <summary>
/// What the trace's names are bound to while it runs (docs/traces.md, "Symbols"). Defining a name
/// again rebinds it; every binding carries the sequence number of its definition, so lists such as
/// `same_as` come out in the order of each symbol's latest definition.
/// </summary>
public sealed class SymbolTable
{
    /// <summary>The model id of a closed file or fd symbol: no file or fd ever has it, so every use is EBADF.</summary>
    public const int Closed = 0;

    private readonly Dictionary<string, FileBinding> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HandleBinding> _handles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FdBinding> _fds = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>A file symbol: the model's DRM file, or <see cref="Closed"/>.</summary>
    public sealed record FileBinding(int File, long Sequence);

    /// <summary>
    /// A handle symbol: a plain integer in the file that produced it (0 after a failed create, import
    /// or alloc), and which incarnation of that integer it names: the handle it names dies when that
    /// integer is closed (by any symbol, or by closing the file), and a later handle that gets the same
    /// integer is a new incarnation that does not revive it.
    /// </summary>
    public sealed record HandleBinding(int File, int Handle, int Incarnation, long Sequence);

    /// <summary>An fd symbol: the model's dma-buf fd, or <see cref="Closed"/>.</summary>
    public sealed record FdBinding(int Fd, long Sequence);

    public int File(string name) => _files[name].File;

    public HandleBinding Handle(string name) => _handles[name];

    public int Fd(string name) => _fds[name].Fd;

    public void DefineFile(string name, int file) => _files[name] = new FileBinding(file, ++_sequence);

    public void CloseFile(string name) => _files[name] = _files[name] with { File = Closed };

    public void DefineHandle(string name, int file, int handle, int incarnation) =>
        _handles[name] = new HandleBinding(file, handle, incarnation, ++_sequence);

    public void DefineFd(string name, int fd) => _fds[name] = new FdBinding(fd, ++_sequence);

    public void CloseFd(string name) => _fds[name] = _fds[name] with { Fd = Closed };

    /// <summary>Handle symbols in definition order (latest definitions).</summary>
    public IEnumerable<(string Name, HandleBinding Binding)> Handles =>
        _handles.OrderBy(h => h.Value.Sequence).Select(h => (h.Key, h.Value));

    /// <summary>Fd symbols in definition order (latest definitions).</summary>
    public IEnumerable<(string Name, FdBinding Binding)> Fds =>
        _fds.OrderBy(f => f.Value.Sequence).Select(f => (f.Key, f.Value));
}
