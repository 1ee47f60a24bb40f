using Emulation.Actors.Uapi;

namespace Emulation.Host.Replay;

/// <summary>
/// One operation of a `.seq` trace, parsed and checked against the topology. Symbols are names the
/// trace introduced (files, handles, fds: one namespace per kind); devices are topology indices.
/// </summary>
public abstract record TraceOperation;

/// <summary>`open F DEVICE [render]`.</summary>
public sealed record OpenOp(string File, int Device, bool RenderNode) : TraceOperation;

/// <summary>`create H F WIDTH HEIGHT BPP`: MODE_CREATE_DUMB.</summary>
public sealed record CreateOp(string Handle, string File, uint Width, uint Height, uint Bpp) : TraceOperation;

/// <summary>`export D F H FLAGS`: PRIME HANDLE_TO_FD.</summary>
public sealed record ExportOp(string Fd, string File, string Handle, uint Flags) : TraceOperation;

/// <summary>`import H F D FLAGS`: PRIME FD_TO_HANDLE.</summary>
public sealed record ImportOp(string Handle, string File, string Fd, uint Flags) : TraceOperation;

/// <summary>`close-handle F H`: GEM_CLOSE.</summary>
public sealed record CloseHandleOp(string File, string Handle) : TraceOperation;

/// <summary>`close-fd D`.</summary>
public sealed record CloseFdOp(string Fd) : TraceOperation;

/// <summary>`dup D2 D`.</summary>
public sealed record DupOp(string NewFd, string Fd) : TraceOperation;

/// <summary>`close-file F`.</summary>
public sealed record CloseFileOp(string File) : TraceOperation;

/// <summary>`seek-end D`.</summary>
public sealed record SeekEndOp(string Fd) : TraceOperation;

/// <summary>`seek-bad D`.</summary>
public sealed record SeekBadOp(string Fd) : TraceOperation;

/// <summary>`import-bad-fd F KIND`.</summary>
public sealed record ImportBadFdOp(string File, BadFdKind Kind) : TraceOperation;

/// <summary>`write D U32`.</summary>
public sealed record WriteOp(string Fd, uint Value) : TraceOperation;

/// <summary>`read D`.</summary>
public sealed record ReadOp(string Fd) : TraceOperation;

/// <summary>`alloc H F BYTES PLACEMENT [only] [contiguous]`.</summary>
public sealed record AllocOp(string Handle, string File, long Bytes, Placement Placement, bool Only, bool Contiguous) : TraceOperation;

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
public sealed record HandleUseOp(HandleUse Use, string File, string Handle) : TraceOperation;

/// <summary>`scanout F H OUTPUT`.</summary>
public sealed record ScanoutOp(string File, string Handle, string Output) : TraceOperation;

/// <summary>`pressure DEVICE BYTES`.</summary>
public sealed record PressureOp(int Device, long Bytes) : TraceOperation;

/// <summary>`unplug DEVICE` (<see cref="Plugged"/> false) or `replug DEVICE` (true).</summary>
public sealed record HotplugOp(int Device, bool Plugged) : TraceOperation;
