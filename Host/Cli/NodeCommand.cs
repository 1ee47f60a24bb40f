using System.Collections.Immutable;
using System.CommandLine;
using System.Runtime.InteropServices;
using Emulation.Actors.Cluster;
using Emulation.Host.Runs;

namespace Emulation.Host.Cli;

/// <summary>
/// `node [--seed ADDR] [--port N] [--hostname H] [--roles worker,...]`: one node of a cluster. Its first line on
/// standard output is its bound address; it runs until Ctrl-C or SIGTERM, then leaves the cluster gracefully
/// (bounded) and exits 0. It exits 4 if the cluster removes it (downed after a partition) or its join fails.
/// </summary>
public sealed class NodeCommand : IVerb
{
    public Command Build()
    {
        var seed = new Option<string>("--seed") { Description = "The address of a member to join (akka.tcp://emulation@HOST:PORT); without it the node founds a cluster." };
        var port = WholeNumberOption.Int("--port", 0, 65535, "The port to bind; 0 takes a free one");
        var hostname = new Option<string>("--hostname") { Description = "The address to bind and be reached at (default 127.0.0.1; see the README before using another)." };
        var roles = new Option<string>("--roles") { Description = $"Comma-separated roles: {string.Join(", ", NodeRoles.All)}, or none (a member that hosts no machine; default worker)." };
        var parent = WholeNumberOption.Int("--parent-pid", 1, int.MaxValue, "Exit when this process is gone (run --nodes sets it)");
        var chaos = new Option<bool>("--chaos") { Description = "Run on Akka.Remote's throttling transport, so chaos runs can cut and slow links (only joins chaos nodes)." };
        var command = new Command("node", "Run a cluster node until stopped; its first line on standard output is its address.")
        {
            seed, port, hostname, roles, parent, chaos,
        };
        command.SetAction(result =>
        {
            var stderr = result.InvocationConfiguration.Error;
            var given = result.GetValue(roles) ?? NodeRoles.Worker;
            var roleList = given == "none" ? [] : given.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = roleList.FirstOrDefault(r => !NodeRoles.All.Contains(r));
            if ((roleList.Length == 0 && given != "none") || unknown is not null)
            {
                stderr.WriteLine($"--roles {given}: expected a comma-separated list of {string.Join(", ", NodeRoles.All)}, or none");
                return ExitCodes.BadInput;
            }
            var seedAddress = result.GetValue(seed);
            if (seedAddress is not null && ClusterAddress.Problem(seedAddress) is { } problem)
            {
                stderr.WriteLine($"--seed {seedAddress}: {problem}");
                return ExitCodes.BadInput;
            }
            var settings = new NodeSettings(result.GetValue(hostname) ?? "127.0.0.1", result.GetValue(port) ?? 0, [.. roleList.Distinct()],
                seedAddress, new RunOptions(1, TimeSpan.Zero).NodeOverlay, result.GetValue(chaos));
            return Run(settings, result.GetValue(parent), result.InvocationConfiguration.Output, stderr).GetAwaiter().GetResult();
        });
        return command;
    }

    private static async Task<int> Run(NodeSettings settings, int? parentPid, TextWriter stdout, TextWriter stderr)
    {
        var stop = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult("SIGINT"); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult("SIGTERM"); });
        EmulationNode node;
        try
        {
            node = await EmulationNode.StartAsync(settings);
        }
        catch (RunAbandonedException e)
        {
            stderr.WriteLine($"node: {e.Message}");
            return ExitCodes.BoundExceeded;
        }
        stdout.WriteLine(node.Address);
        stdout.Flush();
        using var watch = parentPid is { } pid
            ? new Timer(_ => { if (!ProcessSignals.IsAlive(pid)) stop.TrySetResult($"its parent process {pid} is gone"); }, null, 1000, 1000)
            : null;
        var removed = node.System.WhenTerminated.ContinueWith(_ => "removed");
        var why = await Task.WhenAny(stop.Task, removed).Unwrap();
        if (why == "removed")
        {
            stderr.WriteLine($"node {node.Address}: removed from the cluster (downed or left); exiting");
            return ExitCodes.BoundExceeded;
        }
        stderr.WriteLine($"node {node.Address}: {why}: leaving the cluster");
        await node.ShutdownAsync(EmulationNode.ShutdownTimeout);
        return ExitCodes.Ok;
    }

}

/// <summary>Checks a node address as Akka writes it: akka.tcp://emulation@HOST:PORT.</summary>
public static class ClusterAddress
{
    public static string? Problem(string address)
    {
        try
        {
            var parsed = Akka.Actor.Address.Parse(address);
            if (parsed.System != NodeConfig.SystemName || parsed.Host is null || parsed.Port is null or < 1)
                return $"expected akka.tcp://{NodeConfig.SystemName}@HOST:PORT";
            return null;
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
        {
            return $"expected akka.tcp://{NodeConfig.SystemName}@HOST:PORT";
        }
    }
}
