using System.Globalization;
using Emulation.Actors.Uapi;

namespace Emulation.Host.Replay;

/// <summary>The token rules of the `.seq` language: numbers, flags, symbols, errno names.</summary>
public static class TraceTokens
{
    /// <summary>The flag names of the language (docs/traces.md) and the bits they stand for.</summary>
    public static readonly IReadOnlyDictionary<string, uint> FlagNames = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase)
    {
        ["CLOEXEC"] = ExportFlags.CloExec,
        ["RDWR"] = ExportFlags.ReadWrite,
        ["NO_MOVE"] = ImportFlags.NoMove,
        ["SAME_DEVICE"] = ImportFlags.SameDevice,
        ["DYNAMIC"] = ImportFlags.Dynamic,
        ["BAD"] = 0x1,
        ["BOGUS"] = 0x80000000,
    };

    /// <summary>Linux errno names (asm-generic): a trace may expect any of them, whether or not the model produces it.</summary>
    public static readonly IReadOnlySet<string> ErrnoNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD", "EAGAIN",
        "EWOULDBLOCK", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR",
        "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS", "EMLINK",
        "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP", "ENOMSG",
        "EIDRM", "ENOSTR", "ENODATA", "ETIME", "ENOSR", "ENOLINK", "EPROTO", "EBADMSG", "EOVERFLOW", "EILSEQ",
        "ENOTSOCK", "EMSGSIZE", "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT", "EOPNOTSUPP", "ENOTSUP",
        "EADDRINUSE", "ENETDOWN", "ENOBUFS", "ETIMEDOUT", "ECONNREFUSED", "EALREADY", "EINPROGRESS", "ESTALE",
        "EDQUOT", "ECANCELED", "EOWNERDEAD", "ENOTRECOVERABLE", "ERESTARTSYS", "ENOTSUPP",
    };

    /// <summary>A decimal or 0x-hex number no larger than <paramref name="max"/>.</summary>
    public static bool TryParseNumber(string token, ulong max, out ulong value)
    {
        value = 0;
        if (token.Length == 0) return false;
        bool ok;
        if (token.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            ok = token.Length > 2 && token.Skip(2).All(char.IsAsciiHexDigit)
                 && ulong.TryParse(token.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        else
            ok = token.All(char.IsAsciiDigit) && ulong.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        return ok && value <= max;
    }

    /// <summary>FLAGS: names or numbers joined with `|`, together a 32-bit value.</summary>
    public static bool TryParseFlags(string token, out uint flags)
    {
        flags = 0;
        foreach (var part in token.Split('|'))
        {
            if (FlagNames.TryGetValue(part, out var bit)) flags |= bit;
            else if (TryParseNumber(part, uint.MaxValue, out var number)) flags |= (uint)number;
            else return false;
        }
        return true;
    }

    /// <summary>A symbol: a letter or underscore, then letters, digits, `_`, `-`, `.` (never a number).</summary>
    public static bool IsSymbol(string token) =>
        token.Length > 0 && (char.IsAsciiLetter(token[0]) || token[0] == '_')
                         && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    /// <summary>The words of a line: the comment (`#` to the end) removed, `=>` always a word of its own.</summary>
    public static string[] Split(string line)
    {
        var hash = line.IndexOf('#');
        if (hash >= 0) line = line[..hash];
        line = line.Replace("=>", " => ", StringComparison.Ordinal);
        return line.Split([' ', '\t', '\r', '\f', '\v'], StringSplitOptions.RemoveEmptyEntries);
    }
}
