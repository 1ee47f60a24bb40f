using System.Diagnostics;
using Emulation.Actors.Cluster;

namespace Emulation.Host.Runs;

/// <summary>
/// `run --nodes N`: N `emulation node` processes on 127.0.0.1 that join the run's node. Each is told this process's
/// id and exits when this process is gone, so none is left behind even if this one is killed; they are stopped with
/// SIGTERM (a graceful leave) when the run ends, fails or is interrupted, and killed if they do not exit within a bound.
/// </summary>
public sealed class WorkerProcesses : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The environment variable every node reads as a HOCON overlay (test timings, chaos transport).</summary>
    public const string OverlayVariable = "EMULATION_AKKA";

    private readonly List<(Process Process, string Address)> _workers = [];
    private readonly EventHandler _onExit;

    private WorkerProcesses(string seed, string overlay, bool chaos)
    {
        _seed = seed;
        _overlay = overlay;
        _chaos = chaos;
        _onExit = (_, _) => KillAll();
        AppDomain.CurrentDomain.ProcessExit += _onExit;
    }

    private readonly string _seed;
    private readonly string _overlay;
    private readonly bool _chaos;

    /// <summary>The workers' addresses, in the order they were started.</summary>
    public IReadOnlyList<string> Addresses
    {
        get { lock (_workers) return [.. _workers.Select(w => w.Address)]; }
    }

    /// <summary>None yet: nodes come with <see cref="AddAsync"/> (a scenario's scripted nodes).</summary>
    public static WorkerProcesses Empty(string seed, string overlay) => new(seed, overlay, chaos: false);

    /// <summary>Starts one more node with <paramref name="roles"/>: its index among <see cref="Addresses"/>.</summary>
    public async Task<int> AddAsync(IReadOnlyList<string> roles, CancellationToken cancel)
    {
        var started = await StartOne(_seed, _overlay, _chaos, roles, cancel);
        lock (_workers)
        {
            _workers.Add(started);
            return _workers.Count - 1;
        }
    }

    /// <summary>Starts <paramref name="count"/> workers joining <paramref name="seed"/>; each has printed its address when this returns.</summary>
    public static async Task<WorkerProcesses> StartAsync(int count, string seed, string overlay, bool chaos, CancellationToken cancel)
    {
        var workers = new WorkerProcesses(seed, overlay, chaos);
        try
        {
            var started = Enumerable.Range(0, count).Select(_ => workers.StartOne(seed, overlay, chaos, [NodeRoles.Worker], cancel)).ToList();
            foreach (var w in await Task.WhenAll(started)) workers._workers.Add(w);
            return workers;
        }
        catch
        {
            await workers.DisposeAsync();
            throw;
        }
    }

    private async Task<(Process, string)> StartOne(string seed, string overlay, bool chaos, IReadOnlyList<string> roles, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "emulation.dll"), "node", "--seed", seed, "--roles", roles.Count == 0 ? "none" : string.Join(",", roles),
                     "--parent-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        if (chaos) start.ArgumentList.Add("--chaos");
        if (overlay.Length > 0) start.Environment[OverlayVariable] = overlay;
        var process = Process.Start(start) ?? throw new RunAbandonedException("could not start a worker process");
        lock (_workers) _pending.Add(process);
        // A worker's standard error goes on to ours, line by line (its warnings are the run's).
        process.ErrorDataReceived += (_, e) =>
        {
            if (!_silenced && e.Data is { Length: > 0 } line) Console.Error.WriteLine($"[worker {process.Id}] {line}");
        };
        process.BeginErrorReadLine();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        bound.CancelAfter(StartTimeout);
        string? address;
        try
        {
            address = await process.StandardOutput.ReadLineAsync(bound.Token);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new RunAbandonedException($"a worker process did not start within {StartTimeout.TotalSeconds:0} s");
        }
        if (address is null || !address.StartsWith("akka.", StringComparison.Ordinal) || !address.Contains("://", StringComparison.Ordinal))
            throw new RunAbandonedException($"a worker process exited before it was up (exit {(process.HasExited ? process.ExitCode : -1)})");
        return (process, address);
    }

    private (Process Process, string Address) At(int index)
    {
        lock (_workers) return _workers[index];
    }

    private readonly List<Process> _pending = [];
    private volatile bool _silenced;

    /// <summary>The `dotnet` that runs this process (DOTNET_HOST_PATH when set by the SDK, else the one on PATH).</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";

    /// <summary>Kills one worker at once (SIGKILL): a crash, as the cluster sees it.</summary>
    public string Crash(int index)
    {
        var (process, address) = At(index);
        process.Kill();
        return address;
    }

    /// <summary>Stops one worker (SIGSTOP) for <paramref name="pause"/>, then lets it go on (SIGCONT): a slow node.</summary>
    public async Task PauseAsync(int index, TimeSpan pause)
    {
        var pid = At(index).Process.Id;
        ProcessSignals.Send(pid, ProcessSignals.Stop);
        try
        {
            await Task.Delay(pause);
        }
        finally
        {
            ProcessSignals.Send(pid, ProcessSignals.Continue);
        }
    }

    /// <summary>Asks one worker to leave (SIGTERM): a graceful leave.</summary>
    public string Leave(int index)
    {
        var (process, address) = At(index);
        ProcessSignals.Send(process.Id, ProcessSignals.Terminate);
        return address;
    }

    /// <summary>Stops them all: SIGTERM, then SIGKILL after <see cref="StopTimeout"/>. Their noise while going is not passed on.</summary>
    public async ValueTask DisposeAsync()
    {
        _silenced = true;
        List<Process> all;
        lock (_workers) all = [.. _pending];
        foreach (var p in all.Where(p => !p.HasExited)) ProcessSignals.Send(p.Id, ProcessSignals.Terminate);
        using var bound = new CancellationTokenSource(StopTimeout);
        foreach (var p in all)
        {
            try
            {
                await p.WaitForExitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                // past the bound: below
            }
        }
        KillAll();
        AppDomain.CurrentDomain.ProcessExit -= _onExit;
        foreach (var p in all) p.Dispose();
    }

    private void KillAll()
    {
        List<Process> all;
        lock (_workers) all = [.. _pending];
        foreach (var p in all)
        {
            try
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // already gone
            }
        }
    }
}
