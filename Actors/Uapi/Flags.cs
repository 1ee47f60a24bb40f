namespace Emulation.Actors.Uapi;

/// <summary>HANDLE_TO_FD flags (R2): only CLOEXEC and RDWR are valid.</summary>
public static class ExportFlags
{
    public const uint CloExec = 0x80000;
    public const uint ReadWrite = 0x2;
    public const uint Valid = CloExec | ReadWrite;
}

/// <summary>FD_TO_HANDLE flags. The kernel ignores bits it does not support (R7).</summary>
public static class ImportFlags
{
    /// <summary>The RFC's DRM_PRIME_FD_TO_HANDLE_NO_MOVE bit (R16).</summary>
    public const uint NoMove = 0x1;
    /// <summary>Hypothetical same-device check (R17), emulator-only.</summary>
    public const uint SameDevice = 0x2;
    /// <summary>Dynamic, never-pinning import (R18), emulator-only.</summary>
    public const uint Dynamic = 0x4;
}

/// <summary>Options of a driver GEM create (`alloc`).</summary>
[Flags]
public enum AllocFlags : byte
{
    None = 0,
    /// <summary>Only the preferred placement is allowed (no eviction chain behind it).</summary>
    Only = 1 << 0,
    /// <summary>The pages must be contiguous (a CMA or contiguous VRAM allocation).</summary>
    Contiguous = 1 << 1,
}

/// <summary>A dma-buf file's access mode, fixed by the first export.</summary>
public enum AccessMode : byte
{
    ReadOnly,
    ReadWrite,
}

/// <summary>What `import-bad-fd` hands to FD_TO_HANDLE instead of a dma-buf.</summary>
public enum BadFdKind : byte
{
    /// <summary>An open fd that is no dma-buf (/dev/null): EINVAL.</summary>
    DevNull,
    /// <summary>A closed fd: EBADF.</summary>
    Closed,
    /// <summary>The DRM file's own fd: open, no dma-buf: EINVAL.</summary>
    Self,
}
