namespace Emulation.Host.Replay;

/// <summary>
/// What the trace's names are bound to while it runs (docs/traces.md, "Symbols"). Defining a name
/// again rebinds it; every binding carries the sequence number of its definition, so lists such as
/// `same_as` come out in the order of each symbol's latest definition. Names are also indexed by what they are
/// bound to (a handle's incarnation, an fd), so finding the names of one object costs the number of those names.
/// </summary>
public sealed class SymbolTable
{
    /// <summary>The model id of a closed file or fd symbol: no file or fd ever has it, so every use is EBADF.</summary>
    public const int Closed = 0;

    private readonly Dictionary<string, FileBinding> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HandleBinding> _handles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FdBinding> _fds = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>Handle symbols by the incarnation of the handle they name, by sequence.</summary>
    private readonly Dictionary<(int File, int Handle, int Incarnation), SortedDictionary<long, string>> _handleNames = [];

    /// <summary>Fd symbols by the fd they name (never <see cref="Closed"/>), by sequence.</summary>
    private readonly Dictionary<int, SortedDictionary<long, string>> _fdNames = [];

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

    public void DefineHandle(string name, int file, int handle, int incarnation)
    {
        if (_handles.TryGetValue(name, out var old)) Unlink(_handleNames, (old.File, old.Handle, old.Incarnation), old.Sequence);
        var binding = new HandleBinding(file, handle, incarnation, ++_sequence);
        _handles[name] = binding;
        if (handle != 0) Link(_handleNames, (file, handle, incarnation), binding.Sequence, name);
    }

    public void DefineFd(string name, int fd)
    {
        if (_fds.TryGetValue(name, out var old)) Unlink(_fdNames, old.Fd, old.Sequence);
        var binding = new FdBinding(fd, ++_sequence);
        _fds[name] = binding;
        if (fd != Closed) Link(_fdNames, fd, binding.Sequence, name);
    }

    public void CloseFd(string name)
    {
        var old = _fds[name];
        Unlink(_fdNames, old.Fd, old.Sequence);
        _fds[name] = old with { Fd = Closed };
    }

    /// <summary>The handle symbols bound to one incarnation of a handle, in definition order.</summary>
    public IEnumerable<(string Name, HandleBinding Binding)> HandlesNaming(int file, int handle, int incarnation) =>
        _handleNames.TryGetValue((file, handle, incarnation), out var names)
            ? names.Values.Select(n => (n, _handles[n]))
            : [];

    /// <summary>The fd symbols bound to one fd, in definition order.</summary>
    public IEnumerable<(string Name, FdBinding Binding)> FdsNaming(int fd) =>
        _fdNames.TryGetValue(fd, out var names) ? names.Values.Select(n => (n, _fds[n])) : [];

    private static void Link<TKey>(Dictionary<TKey, SortedDictionary<long, string>> index, TKey key, long sequence, string name)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var names)) index[key] = names = [];
        names.Add(sequence, name);
    }

    private static void Unlink<TKey>(Dictionary<TKey, SortedDictionary<long, string>> index, TKey key, long sequence)
        where TKey : notnull
    {
        if (index.TryGetValue(key, out var names) && names.Remove(sequence) && names.Count == 0) index.Remove(key);
    }

    /// <summary>Handle symbols in definition order (latest definitions).</summary>
    public IEnumerable<(string Name, HandleBinding Binding)> Handles =>
        _handles.OrderBy(h => h.Value.Sequence).Select(h => (h.Key, h.Value));

    /// <summary>Fd symbols in definition order (latest definitions).</summary>
    public IEnumerable<(string Name, FdBinding Binding)> Fds =>
        _fds.OrderBy(f => f.Value.Sequence).Select(f => (f.Key, f.Value));
}
