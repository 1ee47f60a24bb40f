using System.Diagnostics;
using System.Text.Json;
using Emulation.Actors.Machines;
using Emulation.Actors.Scenarios;
using Emulation.Host.Cli;
using Emulation.Host.Reports;
using Emulation.Host.Runs;
using Emulation.Messages.Scenarios;

namespace Emulation.Tests.Cluster;

/// <summary>
/// Real `node` processes: three workers, a run joining them with `--cluster`, one worker killed with SIGKILL while it
/// holds machines; the run gives the single node's `results`, with machines run again and run on several nodes.
/// `cluster status` lists the members.
/// </summary>
[Collection("cluster")]
public sealed class NodeProcessTests
{
    /// <summary>Crash detection in seconds rather than half a minute (akka.hocon's stable-after is 20 s).</summary>
    private const string Overlay = "akka.cluster.split-brain-resolver.stable-after = 3s\nakka.loglevel = ERROR";

    private static ScenarioSpec Scenario =>
        ScenarioReader.Load("T01", Catalogue.Default) with { Machines = 16, Policies = ["legacy", "shadow-copy", "dynamic-no-pin"] };

    private static string Results(ScenarioOutcome outcome, RunInfo run) => ReportResults.Of(outcome, run);

    private sealed class NodeProcess : IDisposable
    {
        public required Process Process { get; init; }
        public required string Address { get; init; }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }

    private static async Task<NodeProcess> StartNode(string? seed)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment[WorkerProcesses.OverlayVariable] = Overlay;
        // --parent-pid: the node exits when the test host is gone, even if the host is killed before it can dispose.
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "emulation.dll"), "node", "--roles", "worker",
                     "--parent-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        if (seed is not null)
        {
            start.ArgumentList.Add("--seed");
            start.ArgumentList.Add(seed);
        }
        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var address = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.StartsWith("akka.tcp://emulation@127.0.0.1:", address);
        return new NodeProcess { Process = process, Address = address! };
    }

    [Fact]
    public async Task A_worker_killed_with_sigkill_mid_run_changes_nothing_but_the_run_object()
    {
        var scenario = Scenario;
        var (single, singleRun) = await ScenarioRunner.RunAsync(scenario, RunOptions.Default with { Overlay = "akka.loglevel = ERROR" });
        var expected = Results(single, singleRun);

        using var a = await StartNode(null);
        var others = await Task.WhenAll(StartNode(a.Address), StartNode(a.Address));
        using var b = others[0];
        using var c = others[1];

        var status = new StringWriter();
        Assert.Equal(0, EmulationCli.Run(["cluster", "status", a.Address], status, new StringWriter()));

        var total = scenario.Machines * scenario.Policies.Length;
        var killed = 0;
        var options = RunOptions.Default with { Cluster = a.Address, Overlay = Overlay, Timeout = TimeSpan.FromMinutes(4) };
        var (outcome, run) = await ScenarioRunner.RunAsync(scenario, options, (done, _) =>
        {
            if (done * 3 >= total && Interlocked.Exchange(ref killed, 1) == 0) c.Process.Kill();
        });

        Assert.Equal(expected, Results(outcome, run));
        Assert.Equal(1, killed);
        Assert.NotEmpty(run.RerunMachines);
        Assert.True(run.Nodes.Count >= 2, string.Join("\n", run.Nodes));
        // The killed worker had delivered results before it died (and held machines when it did: they ran again).
        Assert.Contains(run.Nodes, n => n.StartsWith(c.Address + ":", StringComparison.Ordinal));
        Assert.Contains(run.Faults, f => f.Contains($"seen {c.Address} removed", StringComparison.Ordinal));
        // The members as `cluster status` saw them before the run: the three workers (and no one else yet).
        foreach (var node in new[] { a, b, c }) Assert.Contains(node.Address, status.ToString());
    }

    [Fact]
    public async Task Run_with_three_worker_processes_and_chaos_gives_the_single_node_results()
    {
        // Enough machines that the faults (at 10%, 20%, 30%... of the run) happen while it goes.
        var scenario = Scenario with { Machines = 40 };
        var (single, singleRun) = await ScenarioRunner.RunAsync(scenario, RunOptions.Default with { Overlay = "akka.loglevel = ERROR" });
        // stable-after 10 s (conventions: the short blackhole's): a paused or cut-off node is not downed while it heals.
        var options = RunOptions.Default with
        {
            Nodes = 3, Chaos = true, Timeout = TimeSpan.FromMinutes(4),
            Overlay = "akka.cluster.split-brain-resolver.stable-after = 10s\nakka.loglevel = ERROR",
        };
        var (outcome, run) = await ScenarioRunner.RunAsync(scenario, options);
        Assert.Equal(Results(single, singleRun), Results(outcome, run));
        Assert.Equal(3, run.Nodes.Count);
        Assert.Contains(run.Faults, f => f.Contains("throttle the link", StringComparison.Ordinal));
        Assert.Contains(run.Faults, f => f.Contains("blackhole the link", StringComparison.Ordinal));
        // No worker process is left behind.
        Assert.DoesNotContain(Process.GetProcessesByName("dotnet"), p => CommandLine(p).Contains(" node --seed akka.trttl.tcp://", StringComparison.Ordinal));
    }

    private static string CommandLine(Process p)
    {
        try
        {
            return File.ReadAllText($"/proc/{p.Id}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }
}
