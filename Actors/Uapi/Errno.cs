namespace Emulation.Actors.Uapi;

/// <summary>The errno values the emulator reports (docs/rules.md, "Errors"). <see cref="None"/> is success.</summary>
public enum Errno : byte
{
    None = 0,
    EINVAL,
    ENOENT,
    EBADF,
    EACCES,
    EOPNOTSUPP,
    EPERM,
    ENOMEM,
    E2BIG,
    ENODEV,
}

public static class ErrnoNames
{
    public static string Name(this Errno e) => e == Errno.None ? "OK" : e.ToString();

    public static bool TryParse(string text, out Errno errno)
    {
        if (text != "None" && Enum.TryParse(text, ignoreCase: false, out errno) && Enum.IsDefined(errno))
            return true;
        errno = Errno.None;
        return false;
    }
}
