using System.Collections.Immutable;
using Emulation.Actors.Kernel;
using Emulation.Actors.Uapi;

namespace Emulation.Host.Replay;

/// <summary>What one operation did: its errno, its effects in order, the keys of its line, and the BO its effect words concern.</summary>
/// <param name="PagesBo">The BO where the pages of the operation's handle are (null: the operation has no handle).</param>
public sealed record OperationOutcome(Errno Errno, ImmutableArray<KernelEffect> Effects, OperationKeys Keys, int? PagesBo)
{
    public bool Ok => Errno == Errno.None;
}

/// <summary>
/// Runs trace operations over the kernel model: resolves each operation's symbols to the kernel's
/// integers, applies it through the kernel's dispatch table, rebinds the symbol it defines (a failure
/// defines it too: a closed file or fd, a dead handle 0) or closes, and describes the result with the
/// keys of docs/traces.md ("The output"). Nothing here is specific to one operation.
/// </summary>
public sealed class OperationRunner(KernelState state)
{
    public KernelState State { get; private set; } = state;

    /// <summary>What the last operation wrote (for the incremental invariant checker; null: not known).</summary>
    public KernelChanges? LastChanges { get; private set; }

    public SymbolTable Symbols { get; } = new();

    public BufNames Bufs { get; } = new();

    /// <summary>How many times each (file, handle) integer was handed out as a new handle (a symbol names one incarnation).</summary>
    private readonly Dictionary<(int File, int Handle), int> _incarnations = [];

    /// <summary>The open fds symbols were bound to, by dma-buf (an fd's dma-buf never changes; fds are never reused).</summary>
    private readonly Dictionary<int, HashSet<int>> _fdsOfDmaBuf = [];
    private readonly Dictionary<int, int> _dmaBufOfFd = [];

    /// <summary>Changes the kernel knobs for the operations after this point.</summary>
    public void SetKnob(string name, string value)
    {
        var knobs = State.Knobs.With(name, value, out var error);
        if (error is not null) throw new ArgumentException(error, nameof(value));
        State = State.WithKnobs(knobs);
    }

    public OperationOutcome Run(TraceOperation operation)
    {
        var ioctl = operation.Resolve(Symbols, State.Topology);
        var handleUsed = operation.HandleUsed is var (fileSymbol, handleSymbol)
            ? (File: Symbols.File(fileSymbol), Handle: Symbols.Handle(handleSymbol).Handle)
            : ((int File, int Handle)?)null;
        var pagesBefore = handleUsed is { } h ? PagesOfHandle(h.File, h.Handle) : null;
        var dmaBufBefore = ioctl is Import import && State.Fds.TryGetValue(import.Fd, out var fd) ? fd.DmaBuf : 0;

        var (next, outcome, changes) = State.ApplyTracked(ioctl);
        State = next;
        LastChanges = changes;
        Bind(operation, ioctl, outcome);
        if (!outcome.Ok) return new OperationOutcome(outcome.Errno, outcome.Effects, OperationKeys.None, pagesBefore);

        return operation.Result switch
        {
            TraceResult.NewObject when outcome is IoctlOutcome<HandleResult> created =>
                Described(outcome, created.Value, info => HandleKeys(info) with { New = created.Value.IsNew, Size = info.Size }),
            TraceResult.ImportedHandle when outcome is IoctlOutcome<HandleResult> imported =>
                Described(outcome, imported.Value, info => HandleKeys(info) with
                {
                    New = imported.Value.IsNew,
                    SameAs = SameAs(operation.Symbol!),
                    Buf = Bufs.Of(dmaBufBefore),
                }),
            TraceResult.Fd when outcome is IoctlOutcome<FdResult> exported =>
                Done(outcome, FdKeys(operation.Symbol!, exported.Value), pagesBefore),
            TraceResult.ClosedHandle => Done(outcome, OperationKeys.None with { Handle = handleUsed?.Handle }, pagesBefore),
            TraceResult.Size when outcome is IoctlOutcome<long> size => Done(outcome, OperationKeys.None with { Size = size.Value }, null),
            TraceResult.Value when outcome is IoctlOutcome<uint> read => Done(outcome, OperationKeys.None with { Value = read.Value }, null),
            TraceResult.HandleState when outcome is IoctlOutcome<BoInfo> used => Done(outcome, HandleKeys(used.Value), pagesBefore),
            _ => Done(outcome, OperationKeys.None, pagesBefore),
        };
    }

    /// <summary>Defines the symbol an operation names (also when it failed), or closes it when it succeeded.</summary>
    private void Bind(TraceOperation operation, IIoctl ioctl, IoctlOutcome outcome)
    {
        if (operation.Symbol is not { } symbol) return;
        switch (operation.Result)
        {
            case TraceResult.File:
                Symbols.DefineFile(symbol, outcome is IoctlOutcome<int> { Ok: true } opened ? opened.Value : SymbolTable.Closed);
                break;
            case TraceResult.NewObject or TraceResult.ImportedHandle:
                var file = Symbols.File(operation.SymbolFile!);
                var made = outcome as IoctlOutcome<HandleResult>;
                var handle = made is { Ok: true } ? made.Value.Handle : 0;
                if (made is { Ok: true, Value.IsNew: true })
                    _incarnations[(file, handle)] = _incarnations.GetValueOrDefault((file, handle)) + 1;
                Symbols.DefineHandle(symbol, file, handle, _incarnations.GetValueOrDefault((file, handle)));
                break;
            case TraceResult.Fd:
                if (outcome is IoctlOutcome<FdResult> { Ok: true } fd)
                {
                    if (!_fdsOfDmaBuf.TryGetValue(fd.Value.DmaBuf, out var fds)) _fdsOfDmaBuf[fd.Value.DmaBuf] = fds = [];
                    fds.Add(fd.Value.Fd);
                    _dmaBufOfFd[fd.Value.Fd] = fd.Value.DmaBuf;
                }
                Symbols.DefineFd(symbol, outcome is IoctlOutcome<FdResult> { Ok: true } exported ? exported.Value.Fd : SymbolTable.Closed);
                break;
            case TraceResult.ClosedFd when outcome.Ok:
                var closed = Symbols.Fd(symbol);
                if (_dmaBufOfFd.Remove(closed, out var of) && _fdsOfDmaBuf.TryGetValue(of, out var open) && open.Remove(closed) && open.Count == 0)
                    _fdsOfDmaBuf.Remove(of);
                Symbols.CloseFd(symbol);
                break;
            case TraceResult.ClosedFile when outcome.Ok:
                Symbols.CloseFile(symbol);
                break;
        }
    }

    // ---- keys ------------------------------------------------------------------------------------

    /// <summary>A new handle's keys: the state of its object where the pages are.</summary>
    private OperationOutcome Described(IoctlOutcome outcome, HandleResult result, Func<BoInfo, OperationKeys> keys)
    {
        var info = State.Describe(result.Handle, State.Objects[result.Bo]);
        return Done(outcome, keys(info), info.PagesBo);
    }

    private static OperationKeys HandleKeys(BoInfo info) => OperationKeys.None with
    {
        Handle = info.Handle,
        Placement = info.Placement,
        PinCount = info.PinCount,
        Attachments = info.Attachments,
    };

    /// <summary>`export` and `dup`: the handle exported, the dma-buf's name, its other open fds, access mode, this fd's CLOEXEC, placement.</summary>
    private OperationKeys FdKeys(string fdSymbol, FdResult result)
    {
        var d = State.DmaBufs[result.DmaBuf];
        return OperationKeys.None with
        {
            Handle = result.Handle > 0 ? result.Handle : null,
            Buf = Bufs.Of(result.DmaBuf),
            SameBufAs = SameBufAs(fdSymbol, result.DmaBuf),
            AccMode = d.Mode,
            CloExec = State.Fds[result.Fd].CloExec,
            Placement = d.Revoked ? Placement.None : State.Objects[d.ExporterBo].Current,
        };
    }

    /// <summary>The live handle symbols of the same file, other than this one, naming the same object.</summary>
    private ImmutableArray<string> SameAs(string symbol)
    {
        var self = Symbols.Handle(symbol);
        // A live symbol names the handle's current incarnation: only those bound to it can be.
        var current = _incarnations.GetValueOrDefault((self.File, self.Handle));
        return [.. Symbols.HandlesNaming(self.File, self.Handle, current)
            .Where(h => h.Name != symbol && IsLive(h.Binding))
            .Select(h => h.Name)];
    }

    /// <summary>
    /// A handle symbol is live while the handle it names is: its integer is still a handle of its file, and
    /// still the incarnation the symbol was bound to (not closed and handed out again since).
    /// </summary>
    private bool IsLive(SymbolTable.HandleBinding h) =>
        h.Handle != 0 && State.Files.TryGetValue(h.File, out var file) && file.Handles.ContainsKey(h.Handle)
        && _incarnations.GetValueOrDefault((h.File, h.Handle)) == h.Incarnation;

    /// <summary>The open fd symbols, other than this one, of the same dma-buf, in definition order.</summary>
    private ImmutableArray<string> SameBufAs(string symbol, int dmaBuf)
    {
        if (!_fdsOfDmaBuf.TryGetValue(dmaBuf, out var fds)) return [];
        var found = new List<(string Name, SymbolTable.FdBinding Binding)>();
        foreach (var fdId in fds)
            if (State.Fds.TryGetValue(fdId, out var fd) && fd.DmaBuf == dmaBuf)
                found.AddRange(Symbols.FdsNaming(fdId).Where(f => f.Name != symbol));
        return [.. found.OrderBy(f => f.Binding.Sequence).Select(f => f.Name)];
    }

    private int? PagesOfHandle(int file, int handle) =>
        State.Files.TryGetValue(file, out var f) && f.Handles.TryGetValue(handle, out var bo)
            ? State.PagesOf(State.Objects[bo]).Id
            : null;

    private static OperationOutcome Done(IoctlOutcome outcome, OperationKeys keys, int? pagesBo) =>
        new(outcome.Errno, outcome.Effects, keys, pagesBo);
}
