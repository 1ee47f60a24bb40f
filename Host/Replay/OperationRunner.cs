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
/// Runs trace operations over the kernel model: resolves symbols to model ids, calls the kernel
/// operation, rebinds the symbols the operation defines (a failure defines them too: a closed file
/// or fd, a dead handle 0), and describes the result with the keys of the format page.
/// </summary>
public sealed class OperationRunner(KernelState state)
{
    public KernelState State { get; private set; } = state;

    public SymbolTable Symbols { get; } = new();

    public BufNames Bufs { get; } = new();

    /// <summary>Changes the kernel knobs for the operations after this point.</summary>
    public void SetKnob(string name, string value)
    {
        var knobs = State.Knobs.With(name, value, out var error);
        if (error is not null) throw new ArgumentException(error, nameof(value));
        State = State.WithKnobs(knobs);
    }

    public OperationOutcome Run(TraceOperation operation) => operation switch
    {
        OpenOp o => Open(o),
        CreateOp c => Created(c.Handle, Symbols.File(c.File), State.CreateDumb(Symbols.File(c.File), c.Width, c.Height, c.Bpp)),
        AllocOp a => Created(a.Handle, Symbols.File(a.File),
            State.Alloc(Symbols.File(a.File), a.Bytes, a.Placement, a.Only, a.Contiguous)),
        ExportOp e => Export(e),
        ImportOp i => Import(i),
        CloseHandleOp c => CloseHandle(c),
        CloseFdOp c => CloseFd(c),
        DupOp d => Dup(d),
        CloseFileOp c => CloseFile(c),
        SeekEndOp s => Done(Apply(State.SeekEnd(Symbols.Fd(s.Fd))), r => OperationKeys.None with { Size = r.Value }),
        SeekBadOp s => Done(Apply(State.SeekBad(Symbols.Fd(s.Fd)))),
        ImportBadFdOp b => Done(Apply(State.ImportBadFd(Symbols.File(b.File), b.Kind))),
        WriteOp w => Done(Apply(State.Write(Symbols.Fd(w.Fd), w.Value))),
        ReadOp r => Done(Apply(State.Read(Symbols.Fd(r.Fd))), x => OperationKeys.None with { Value = x.Value }),
        HandleUseOp u => UseHandle(u),
        ScanoutOp s => UseHandle(s.File, s.Handle, (st, f, h) => st.Scanout(f, h, s.Output)),
        PressureOp p => Done(Apply(State.Pressure(p.Device, p.Bytes))),
        HotplugOp { Plugged: false } h => Done(Apply(State.Unplug(h.Device))),
        HotplugOp h => Done(Apply(State.Replug(h.Device))),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "unknown trace operation"),
    };

    private OperationOutcome Open(OpenOp o)
    {
        var r = Apply(State.Open(o.Device, o.RenderNode));
        Symbols.DefineFile(o.File, r.Ok ? r.Value : SymbolTable.Closed);
        return Done(r);
    }

    /// <summary>`create` and `alloc`: a new object and its handle.</summary>
    private OperationOutcome Created(string symbol, int file, KernelResult<HandleResult> result)
    {
        var r = Apply(result);
        Symbols.DefineHandle(symbol, file, r.Ok ? r.Value.Handle : 0);
        if (!r.Ok) return Done(r);
        var info = Describe(r.Value.Handle, r.Value.Bo);
        return Done(r, _ => HandleKeys(info) with { New = r.Value.IsNew, Size = info.Size }, info.PagesBo);
    }

    private OperationOutcome Export(ExportOp e)
    {
        var file = Symbols.File(e.File);
        var handle = Symbols.Handle(e.Handle).Handle;
        var pages = PagesOfHandle(file, handle);
        var r = Apply(State.Export(file, handle, e.Flags));
        Symbols.DefineFd(e.Fd, r.Ok ? r.Value.Fd : SymbolTable.Closed);
        return Done(r, x => FdKeys(e.Fd, x.Value.DmaBuf, (e.Flags & ExportFlags.CloExec) != 0) with { Handle = handle }, pages);
    }

    private OperationOutcome Dup(DupOp d)
    {
        var r = Apply(State.Dup(Symbols.Fd(d.Fd)));
        Symbols.DefineFd(d.NewFd, r.Ok ? r.Value.Fd : SymbolTable.Closed);
        return Done(r, x => FdKeys(d.NewFd, x.Value.DmaBuf, cloExec: false));
    }

    private OperationOutcome Import(ImportOp i)
    {
        var file = Symbols.File(i.File);
        var fd = Symbols.Fd(i.Fd);
        var dmaBuf = State.Fds.TryGetValue(fd, out var open) ? open.DmaBuf : 0;
        var r = Apply(State.Import(file, fd, i.Flags));
        Symbols.DefineHandle(i.Handle, file, r.Ok ? r.Value.Handle : 0);
        if (!r.Ok) return Done(r);
        var info = Describe(r.Value.Handle, r.Value.Bo);
        return Done(r, _ => HandleKeys(info) with
        {
            New = r.Value.IsNew,
            SameAs = SameAs(i.Handle),
            Buf = Bufs.Of(dmaBuf),
        }, info.PagesBo);
    }

    private OperationOutcome CloseHandle(CloseHandleOp c)
    {
        var file = Symbols.File(c.File);
        var handle = Symbols.Handle(c.Handle).Handle;
        var pages = PagesOfHandle(file, handle);
        var r = Apply(State.GemClose(file, handle));
        if (r.Ok) Symbols.CloseHandle(c.Handle);
        return Done(r, _ => OperationKeys.None with { Handle = handle }, pages);
    }

    private OperationOutcome CloseFd(CloseFdOp c)
    {
        var r = Apply(State.CloseFd(Symbols.Fd(c.Fd)));
        if (r.Ok) Symbols.CloseFd(c.Fd);
        return Done(r);
    }

    private OperationOutcome CloseFile(CloseFileOp c)
    {
        var r = Apply(State.CloseFile(Symbols.File(c.File)));
        if (r.Ok) Symbols.CloseFile(c.File);
        return Done(r);
    }

    private OperationOutcome UseHandle(HandleUseOp u) => UseHandle(u.File, u.Handle, u.Use switch
    {
        HandleUse.Map => static (s, f, h) => s.Map(f, h),
        HandleUse.Unmap => static (s, f, h) => s.Unmap(f, h),
        HandleUse.Render => static (s, f, h) => s.Render(f, h),
        HandleUse.AddFramebuffer => static (s, f, h) => s.AddFramebuffer(f, h),
        _ => static (s, f, h) => s.Query(f, h),
    });

    /// <summary>`map`, `unmap`, `render`, `addfb`, `query`, `scanout`: the handle's state after the operation.</summary>
    private OperationOutcome UseHandle(string fileSymbol, string handleSymbol,
        Func<KernelState, int, int, KernelResult<BoInfo>> operation)
    {
        var file = Symbols.File(fileSymbol);
        var handle = Symbols.Handle(handleSymbol).Handle;
        var pages = PagesOfHandle(file, handle);
        var r = Apply(operation(State, file, handle));
        return Done(r, x => HandleKeys(x.Value), pages);
    }

    // ---- keys ------------------------------------------------------------------------------------

    private BoInfo Describe(int handle, int bo) => State.Describe(handle, State.Objects[bo]);

    private static OperationKeys HandleKeys(BoInfo info) => OperationKeys.None with
    {
        Handle = info.Handle,
        Placement = info.Placement,
        PinCount = info.PinCount,
        Attachments = info.Attachments,
    };

    /// <summary>`export` and `dup`: the dma-buf's name, its other open fds, access mode, this fd's CLOEXEC, placement.</summary>
    private OperationKeys FdKeys(string fdSymbol, int dmaBuf, bool cloExec)
    {
        var d = State.DmaBufs[dmaBuf];
        return OperationKeys.None with
        {
            Buf = Bufs.Of(dmaBuf),
            SameBufAs = SameBufAs(fdSymbol, dmaBuf),
            AccMode = d.Mode,
            CloExec = cloExec,
            Placement = d.Revoked ? Placement.None : State.Objects[d.ExporterBo].Current,
        };
    }

    /// <summary>The live handle symbols of the same file, other than this one, naming the same object.</summary>
    private ImmutableArray<string> SameAs(string symbol)
    {
        var self = Symbols.Handle(symbol);
        return [.. Symbols.Handles
            .Where(h => h.Name != symbol && h.Binding.File == self.File && h.Binding.Handle == self.Handle && IsLive(h.Binding))
            .Select(h => h.Name)];
    }

    /// <summary>A handle symbol is live while its integer names an object in its file and it was not closed by name.</summary>
    private bool IsLive(SymbolTable.HandleBinding h) =>
        !h.ClosedByName && State.Files.TryGetValue(h.File, out var file) && file.Handles.ContainsKey(h.Handle);

    /// <summary>The open fd symbols, other than this one, of the same dma-buf.</summary>
    private ImmutableArray<string> SameBufAs(string symbol, int dmaBuf) =>
        [.. Symbols.Fds
            .Where(f => f.Name != symbol && State.Fds.TryGetValue(f.Binding.Fd, out var fd) && fd.DmaBuf == dmaBuf)
            .Select(f => f.Name)];

    private int? PagesOfHandle(int file, int handle) =>
        State.Files.TryGetValue(file, out var f) && f.Handles.TryGetValue(handle, out var bo)
            ? State.PagesOf(State.Objects[bo]).Id
            : null;

    // ---- plumbing ----------------------------------------------------------------------------------

    private KernelResult<T> Apply<T>(KernelResult<T> result)
    {
        State = result.State;
        return result;
    }

    private static OperationOutcome Done<T>(KernelResult<T> r, Func<KernelResult<T>, OperationKeys>? keys = null, int? pagesBo = null) =>
        new(r.Errno, r.Effects, r.Ok && keys is not null ? keys(r) : OperationKeys.None, pagesBo);
}
