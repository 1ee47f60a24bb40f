using Akka.Actor;
using Akka.Cluster;
using Emulation.Actors.Cluster;

namespace Emulation.Host.Runs;

/// <summary>
/// A single-node cluster inside the process (the main job's default): the node joins itself, starts the
/// machine shard region, and leaves with a bounded shutdown.
/// </summary>
public sealed class EmbeddedCluster : IAsyncDisposable
{
    public static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(15);

    /// <summary>How long an interrupted run's node may take to leave before it is terminated outright.</summary>
    public static readonly TimeSpan InterruptedShutdownTimeout = TimeSpan.FromSeconds(3);

    private EmbeddedCluster(ActorSystem system, IActorRef machines)
    {
        System = system;
        Machines = machines;
    }

    public ActorSystem System { get; }
    public IActorRef Machines { get; }
    public string Address => Cluster.Get(System).SelfAddress.ToString();

    public static async Task<EmbeddedCluster> StartAsync(string extraConfig = "")
    {
        var system = ActorSystem.Create(NodeConfig.SystemName, NodeConfig.Create(extra: extraConfig));
        try
        {
            var machines = await MachineSharding.StartAsync(system);
            var cluster = Cluster.Get(system);
            using var cts = new CancellationTokenSource(JoinTimeout);
            await cluster.JoinAsync(cluster.SelfAddress, cts.Token);
            return new EmbeddedCluster(system, machines);
        }
        catch
        {
            await Shutdown(system);
            throw;
        }
    }

    private Task? _shutdown;

    public ValueTask DisposeAsync() => new(ShutdownAsync(ShutdownTimeout));

    /// <summary>Leaves within <paramref name="bound"/> (then terminates the system outright); a second call waits for the first.</summary>
    public Task ShutdownAsync(TimeSpan bound) => _shutdown ??= Shutdown(System, bound);

    /// <summary>
    /// Stops at once, for an interrupted run: a single node has no one to hand its machines to, so it terminates
    /// without the graceful leave (which waits for every running machine's shard to hand off).
    /// </summary>
    public Task AbortAsync(TimeSpan bound) => _shutdown ??= System.Terminate().WaitAsync(bound).ContinueWith(_ => { });

    private static async Task Shutdown(ActorSystem system) => await Shutdown(system, ShutdownTimeout);

    private static async Task Shutdown(ActorSystem system, TimeSpan bound)
    {
        var done = CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        if (await Task.WhenAny(done, Task.Delay(bound)) != done)
            await system.Terminate().WaitAsync(bound).ContinueWith(_ => { });
    }
}
