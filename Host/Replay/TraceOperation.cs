using Emulation.Actors.Uapi;

namespace Emulation.Host.Replay;

/// <summary>
/// One operation of a `.seq` trace, parsed and checked against the topology: the kernel operation it
/// stands for with its symbols still names (files, handles, fds: one namespace per kind; devices are
/// topology indices). Each record says how it becomes an <see cref="IIoctl"/> once its symbols are
/// resolved, which symbol it defines or closes, and which keys its output line carries
/// (<see cref="TraceResult"/>). The runner (<see cref="OperationRunner"/>) is the same for all of them.
/// </summary>
public abstract record TraceOperation
{
    /// <summary>The kernel operation, with the trace's names replaced by the kernel's integers.</summary>
    public abstract IIoctl Resolve(SymbolTable symbols, Topology topology);

    /// <summary>What the operation's output line adds on success, and which symbol it defines.</summary>
    public virtual TraceResult Result => TraceResult.Nothing;

    /// <summary>The file and handle symbols of an operation on a handle (its effect words concern that buffer).</summary>
    public virtual (string File, string Handle)? HandleUsed => null;

    /// <summary>The symbol the operation defines or closes (see <see cref="Result"/>), or null.</summary>
    public virtual string? Symbol => null;

    /// <summary>For a handle symbol it defines: the file symbol the handle lives in.</summary>
    public virtual string? SymbolFile => null;
}

/// <summary>The shape of an operation's result in the trace: the symbol it binds and the keys of its line.</summary>
public enum TraceResult : byte
{
    /// <summary>No keys (open, close-fd, close-file, seek-bad, import-bad-fd, write, pressure, unplug, replug, tick).</summary>
    Nothing,
    /// <summary>`open`: defines a file symbol.</summary>
    File,
    /// <summary>`create`, `alloc`: defines a handle symbol; handle, new, size, placement, pin_count, attachments.</summary>
    NewObject,
    /// <summary>`import`: defines a handle symbol; handle, new, same_as, buf, placement, pin_count, attachments.</summary>
    ImportedHandle,
    /// <summary>`export`, `dup`: defines an fd symbol; (handle,) buf, same_buf_as, accmode, cloexec, placement.</summary>
    Fd,
    /// <summary>`close-handle`: closes its handle symbol; handle.</summary>
    ClosedHandle,
    /// <summary>`close-fd`: closes its fd symbol.</summary>
    ClosedFd,
    /// <summary>`close-file`: closes its file symbol.</summary>
    ClosedFile,
    /// <summary>`seek-end`: size.</summary>
    Size,
    /// <summary>`read`: value.</summary>
    Value,
    /// <summary>`map`, `unmap`, `render`, `addfb`, `query`, `scanout`: handle, placement, pin_count, attachments.</summary>
    HandleState,
}

/// <summary>`open F DEVICE [render]`.</summary>
public sealed record OpenOp(string File, int Device, bool RenderNode) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t) => new Open(t.Devices[Device].Id, RenderNode);

    public override TraceResult Result => TraceResult.File;

    public override string? Symbol => File;
}

/// <summary>`create H F WIDTH HEIGHT BPP`: MODE_CREATE_DUMB.</summary>
public sealed record CreateOp(string Handle, string File, uint Width, uint Height, uint Bpp) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t) => new CreateDumb(s.File(File), Width, Height, Bpp);

    public override TraceResult Result => TraceResult.NewObject;

    public override string? Symbol => Handle;

    public override string? SymbolFile => File;
}

/// <summary>`alloc H F BYTES PLACEMENT [only] [contiguous]`.</summary>
public sealed record AllocOp(string Handle, string File, long Bytes, Placement Placement, bool Only, bool Contiguous) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t) => new Alloc(s.File(File), Bytes, Placement,
        (Only ? AllocFlags.Only : AllocFlags.None) | (Contiguous ? AllocFlags.Contiguous : AllocFlags.None));

    public override TraceResult Result => TraceResult.NewObject;

    public override string? Symbol => Handle;

    public override string? SymbolFile => File;
}

/// <summary>`export D F H FLAGS`: PRIME HANDLE_TO_FD.</summary>
public sealed record ExportOp(string Fd, string File, string Handle, uint Flags) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t) => new Export(s.File(File), s.Handle(Handle).Handle, Flags);

    public override TraceResult Result => TraceResult.Fd;

    public override (string File, string Handle)? HandleUsed => (File, Handle);

    public override string? Symbol => Fd;
}

/// <summary>`import H F D FLAGS`: PRIME FD_TO_HANDLE.</summary>
public sealed record ImportOp(string Handle, string File, string Fd, uint Flags) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t) => new Import(s.File(File), s.Fd(Fd), Flags);

    public override TraceResult Result => TraceResult.ImportedHandle;

    public override string? Symbol => Handle;

    public override string? SymbolFile => File;
}

/// <summary>`close-handle F H`: GEM_CLOSE.</summary>
public sealed record CloseHandleOp(string File, string Handle) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t) => new GemClose(s.File(File), s.Handle(Handle).Handle);

    public override TraceResult Result => TraceResult.ClosedHandle;

    public override (string File, string Handle)? HandleUsed => (File, Handle);

    public override string? Symbol => Handle;
}

/// <summary>`close-fd D`.</summary>
public sealed record CloseFdOp(string Fd) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t) => new CloseFd(s.Fd(Fd));

    public override TraceResult Result => TraceResult.ClosedFd;

    public override string? Symbol => Fd;
}

/// <summary>`dup D2 D`.</summary>
public sealed record DupOp(string NewFd, string Fd) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t) => new Dup(s.Fd(Fd));

    public override TraceResult Result => TraceResult.Fd;

    public override string? Symbol => NewFd;
}

/// <summary>`close-file F`.</summary>
public sealed record CloseFileOp(string File) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t) => new CloseFile(s.File(File));

    public override TraceResult Result => TraceResult.ClosedFile;

    public override string? Symbol => File;
}

/// <summary>`seek-end D`.</summary>
public sealed record SeekEndOp(string Fd) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t) => new SeekEnd(s.Fd(Fd));

    public override TraceResult Result => TraceResult.Size;
}

/// <summary>`seek-bad D`.</summary>
public sealed record SeekBadOp(string Fd) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t) => new SeekBad(s.Fd(Fd));
}

/// <summary>`import-bad-fd F KIND`.</summary>
public sealed record ImportBadFdOp(string File, BadFdKind Kind) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t) => new ImportBadFd(s.File(File), Kind);
}

/// <summary>`write D U32`.</summary>
public sealed record WriteOp(string Fd, uint Value) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t) => new Write(s.Fd(Fd), Value);
}

/// <summary>`read D`.</summary>
public sealed record ReadOp(string Fd) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t) => new Read(s.Fd(Fd));

    public override TraceResult Result => TraceResult.Value;
}

/// <summary>What an operation on a file's handle does.</summary>
public enum HandleUse : byte
{
    Map,
    Unmap,
    Render,
    AddFramebuffer,
    Query,
}

/// <summary>`map F H`, `unmap F H`, `render F H`, `addfb F H`, `query F H`.</summary>
public sealed record HandleUseOp(HandleUse Use, string File, string Handle) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t)
    {
        var (file, handle) = (s.File(File), s.Handle(Handle).Handle);
        return Use switch
        {
            HandleUse.Map => new Map(file, handle),
            HandleUse.Unmap => new Unmap(file, handle),
            HandleUse.Render => new Render(file, handle),
            HandleUse.AddFramebuffer => new AddFramebuffer(file, handle),
            _ => new Query(file, handle),
        };
    }

    public override TraceResult Result => TraceResult.HandleState;

    public override (string File, string Handle)? HandleUsed => (File, Handle);
}

/// <summary>`scanout F H OUTPUT`.</summary>
public sealed record ScanoutOp(string File, string Handle, string Output) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t) => new Scanout(s.File(File), s.Handle(Handle).Handle, Output);

    public override TraceResult Result => TraceResult.HandleState;

    public override (string File, string Handle)? HandleUsed => (File, Handle);
}

/// <summary>`pressure DEVICE BYTES`.</summary>
public sealed record PressureOp(int Device, long Bytes) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t) => new Pressure(t.Devices[Device].Id, Bytes);
}

/// <summary>`tick MS`: emulated time passes.</summary>
public sealed record TickOp(long Millis) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t) => new Tick(Millis * 1000);
}

/// <summary>`unplug DEVICE` (<see cref="Plugged"/> false) or `replug DEVICE` (true).</summary>
public sealed record HotplugOp(int Device, bool Plugged) : TraceOperation
{
    public override IIoctl Resolve(SymbolTable s, Topology t) =>
        Plugged ? new Replug(t.Devices[Device].Id) : new Unplug(t.Devices[Device].Id);
}
