using System.Runtime.InteropServices;

namespace Emulation.Host.Runs;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM during a run: the first asks the run to stop (its token is cancelled; the verb then
/// exits 130 or 143 with one line saying what was interrupted, and writes no report as if complete); a second one
/// exits at once with the same code. While one is alive the process does not die of these signals by default.
/// </summary>
public sealed class Interruption : IDisposable
{
    /// <summary>Exit codes of a run interrupted by SIGINT and SIGTERM (128 + the signal's number).</summary>
    public const int SigIntExit = 130, SigTermExit = 143;

    /// <summary>How long the run may take to stop cleanly after the first signal before the process exits anyway.</summary>
    public static readonly TimeSpan StopBound = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _cts = new();
    private Timer? _watchdog;
    private readonly PosixSignalRegistration[] _registrations;
    private readonly TextWriter _stderr;
    private int _signals;

    public Interruption(TextWriter stderr)
    {
        _stderr = stderr;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>The signal that interrupted the run (SIGINT or SIGTERM), or null.</summary>
    public string? Signal { get; private set; }

    /// <summary>130 after SIGINT, 143 after SIGTERM.</summary>
    public int ExitCode { get; private set; }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        var code = context.Signal == PosixSignal.SIGINT ? SigIntExit : SigTermExit;
        if (Interlocked.Increment(ref _signals) > 1)
        {
            _stderr.WriteLine($"{Name(context.Signal)} again: exiting at once");
            _stderr.Flush();
            Environment.Exit(code);
        }
        Signal = Name(context.Signal);
        ExitCode = code;
        // A run whose machines keep every core busy may be slow to stop cleanly: it is not allowed to take long.
        _watchdog = new Timer(_ =>
        {
            _stderr.WriteLine($"interrupted by {Signal}: the run did not stop within {StopBound.TotalSeconds:0} s; exiting, no report written");
            _stderr.Flush();
            Environment.Exit(code);
        }, null, StopBound, Timeout.InfiniteTimeSpan);
        _cts.Cancel();
    }

    private static string Name(PosixSignal signal) => signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _watchdog?.Dispose();
        _cts.Dispose();
    }
}

/// <summary>A run stopped because it was asked to (a signal): how far it got.</summary>
public sealed class RunInterruptedException(int done, int total) : Exception($"{done} of {total} machines had finished")
{
    public int Done { get; } = done;
    public int Total { get; } = total;
}
