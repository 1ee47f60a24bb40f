using System.Runtime.InteropServices;

namespace Emulation.Host.Runs;

/// <summary>
/// kill(2) for the signals .NET has no call for: `Process.Kill` sends only SIGKILL, and a graceful leave (SIGTERM),
/// a paused node (SIGSTOP / SIGCONT) and "is my parent still there" (signal 0) need the others.
/// </summary>
public static class ProcessSignals
{
    public const int Terminate = 15, Stop = 19, Continue = 18;

    /// <summary>Sends <paramref name="signal"/>; false when the process is gone or not ours.</summary>
    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    /// <summary>Whether a process exists (EPERM: it does, but it is not ours).</summary>
    public static bool IsAlive(int pid) => Kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() == 1;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
