using System.Runtime.InteropServices;

namespace Emulation.Actors.Scenarios;

/// <summary>What a path names in the file system (stat(2)'s S_IFMT), so that inputs and outputs are judged before use.</summary>
public enum FileKind : byte
{
    Missing,
    RegularFile,
    Directory,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
}

/// <summary>
/// The kind of a path. .NET reports a FIFO or a device as an ordinary file (its attributes say `Normal`
/// and its length 0), and opening a FIFO for reading blocks until a writer comes, so the kind comes from
/// stat(2) itself: st_mode sits at byte 24 of glibc's x86-64 `struct stat` and at byte 16 of the generic
/// layout arm64 uses (glibc's sysdeps/unix/sysv/linux/x86_64/bits/struct_stat.h, asm-generic/stat.h).
/// Elsewhere, or if libc has no `stat` symbol (glibc before 2.33), only files and directories are told apart.
/// </summary>
public static class FileKinds
{
    public static FileKind Of(string path)
    {
        if (path.Length == 0 || path.Contains('\0')) return FileKind.Missing;
        if (StatMode(path) is { } mode)
            return (mode & 0xF000) switch
            {
                0x8000 => FileKind.RegularFile,
                0x4000 => FileKind.Directory,
                0x1000 => FileKind.Fifo,
                0x2000 => FileKind.CharacterDevice,
                0x6000 => FileKind.BlockDevice,
                0xC000 => FileKind.Socket,
                _ => FileKind.RegularFile,
            };
        if (Directory.Exists(path)) return FileKind.Directory;
        return File.Exists(path) ? FileKind.RegularFile : FileKind.Missing;
    }

    /// <summary>"a directory", "a FIFO"...: the kind in words, for errors.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "no such file",
        FileKind.RegularFile => "a file",
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        _ => kind.ToString(),
    };

    private static bool _noStat;

    private static uint? StatMode(string path)
    {
        if (_noStat || !OperatingSystem.IsLinux()) return null;
        var offset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 24,
            Architecture.Arm64 => 16,
            _ => -1,
        };
        if (offset < 0) return null;
        var buffer = new byte[256];
        try
        {
            if (Stat(path, buffer) != 0) return null;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            _noStat = true;
            return null;
        }
        var mode = BitConverter.ToUInt32(buffer, offset);
        return mode == 0 ? null : mode;
    }

    [DllImport("libc", EntryPoint = "stat", CharSet = CharSet.Ansi)]
    private static extern int Stat(string path, [Out] byte[] buffer);
}
