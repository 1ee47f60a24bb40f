using Emulation.Actors.Uapi;

namespace Emulation.Host.Replay;

/// <summary>The operations of the language: each one's usage line and how its arguments are read.</summary>
internal static class OperationSyntax
{
    /// <summary>Every operation word with its usage, real-kernel operations first (docs/traces.md).</summary>
    public static readonly IReadOnlyList<(string Op, string Usage)> All =
    [
        ("open", "open F DEVICE [render]"),
        ("create", "create H F WIDTH HEIGHT BPP"),
        ("export", "export D F H FLAGS"),
        ("import", "import H F D FLAGS"),
        ("close-handle", "close-handle F H"),
        ("close-fd", "close-fd D"),
        ("dup", "dup D2 D"),
        ("close-file", "close-file F"),
        ("seek-end", "seek-end D"),
        ("seek-bad", "seek-bad D"),
        ("import-bad-fd", "import-bad-fd F devnull|closed|self"),
        ("write", "write D U32"),
        ("read", "read D"),
        ("alloc", "alloc H F BYTES PLACEMENT [only] [contiguous]"),
        ("map", "map F H"),
        ("unmap", "unmap F H"),
        ("render", "render F H"),
        ("pressure", "pressure DEVICE BYTES"),
        ("addfb", "addfb F H"),
        ("scanout", "scanout F H OUTPUT"),
        ("query", "query F H"),
        ("unplug", "unplug DEVICE"),
        ("replug", "replug DEVICE"),
        ("tick", "tick MS"),
    ];

    public static readonly IReadOnlyDictionary<string, string> Usage = All.ToDictionary(o => o.Op, o => o.Usage, StringComparer.Ordinal);

    public static IEnumerable<string> Names => All.Select(o => o.Op);

    /// <summary>Reads the arguments of <paramref name="op"/> (a key of <see cref="Usage"/>), left to right.</summary>
    public static TraceOperation Read(string op, ArgumentCursor c)
    {
        const SymbolKind file = SymbolKind.File, handle = SymbolKind.Handle, fd = SymbolKind.Fd;
        switch (op)
        {
            case "open":
                return new OpenOp(c.Define(file), c.Device(), c.Optional("render").Count > 0);
            case "create":
                return new CreateOp(c.Define(handle), c.Use(file), c.U32("WIDTH"), c.U32("HEIGHT"), c.U32("BPP"));
            case "export":
                return new ExportOp(c.Define(fd), c.Use(file), c.Use(handle), c.Flags());
            case "import":
                return new ImportOp(c.Define(handle), c.Use(file), c.Use(fd), c.Flags());
            case "close-handle":
                return new CloseHandleOp(c.Use(file), c.Use(handle));
            case "close-fd":
                return new CloseFdOp(c.Use(fd));
            case "dup":
                return new DupOp(c.Define(fd), c.Use(fd));
            case "close-file":
                return new CloseFileOp(c.Use(file));
            case "seek-end":
                return new SeekEndOp(c.Use(fd));
            case "seek-bad":
                return new SeekBadOp(c.Use(fd));
            case "import-bad-fd":
                return new ImportBadFdOp(c.Use(file), c.BadFd());
            case "write":
                return new WriteOp(c.Use(fd), c.U32("U32"));
            case "read":
                return new ReadOp(c.Use(fd));
            case "alloc":
            {
                var h = c.Define(handle);
                var f = c.Use(file);
                var bytes = c.Bytes();
                var placement = c.Placement();
                var options = c.Optional("only", "contiguous");
                return new AllocOp(h, f, bytes, placement, options.Contains("only"), options.Contains("contiguous"));
            }
            case "map":
                return new HandleUseOp(HandleUse.Map, c.Use(file), c.Use(handle));
            case "unmap":
                return new HandleUseOp(HandleUse.Unmap, c.Use(file), c.Use(handle));
            case "render":
                return new HandleUseOp(HandleUse.Render, c.Use(file), c.Use(handle));
            case "addfb":
                return new HandleUseOp(HandleUse.AddFramebuffer, c.Use(file), c.Use(handle));
            case "query":
                return new HandleUseOp(HandleUse.Query, c.Use(file), c.Use(handle));
            case "scanout":
                return new ScanoutOp(c.Use(file), c.Use(handle), c.Output());
            case "pressure":
                return new PressureOp(c.Device(), c.Bytes());
            case "unplug":
                return new HotplugOp(c.Device(), Plugged: false);
            case "replug":
                return new HotplugOp(c.Device(), Plugged: true);
            case "tick":
                return new TickOp(c.Millis());
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, "not an operation of the language");
        }
    }
}
