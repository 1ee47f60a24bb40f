namespace Emulation.Actors.Uapi;

/// <summary>Memory is handed out in pages of 4096 bytes (PAGE_SIZE on x86-64 and most arm64 kernels).</summary>
public static class Pages
{
    public const long Size = 4096;

    /// <summary>PAGE_ALIGN: rounds a byte count up to a whole number of pages.</summary>
    public static long Align(long bytes) => (bytes + Size - 1) / Size * Size;
}
