using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Emulation.Actors.Cluster;
using Emulation.Actors.Machines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Emulation.Host.Runs;

/// <summary>
/// One node of the emulator's cluster, configured with Akka.Hosting in code over akka.hocon: remoting on the given
/// address, clustering with its roles and keep-majority split-brain resolution, the `machine` shard region on
/// workers (a proxy to it elsewhere) and the admin actor. Joins its seed, or itself, within a bound; leaves
/// gracefully within a bound, or stops at once when aborted (a crash, as far as the others can tell).
/// </summary>
public sealed class EmulationNode : IAsyncDisposable
{
    public static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(15);

    /// <summary>How long an interrupted run's node may take to leave before it is terminated outright.</summary>
    public static readonly TimeSpan InterruptedShutdownTimeout = TimeSpan.FromSeconds(3);

    private readonly IHost _host;
    private Task? _shutdown;

    private EmulationNode(IHost host, ActorSystem system, IActorRef machines, NodeSettings settings)
    {
        _host = host;
        System = system;
        Machines = machines;
        Settings = settings;
    }

    public ActorSystem System { get; }

    /// <summary>The machine shard region (a worker) or a proxy to the workers' regions.</summary>
    public IActorRef Machines { get; }

    public NodeSettings Settings { get; }

    public string Address => Akka.Cluster.Cluster.Get(System).SelfAddress.ToString();

    /// <summary>Starts the node and joins (its seed, or itself) within <see cref="JoinTimeout"/>.</summary>
    public static async Task<EmulationNode> StartAsync(NodeSettings settings, CancellationToken cancel = default)
    {
        var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka(NodeConfig.SystemName, builder => Configure(builder, settings)))
            .Build();
        await host.StartAsync(cancel);
        var system = host.Services.GetRequiredService<ActorSystem>();
        var node = new EmulationNode(host, system, await ActorRegistry.For(system).GetAsync<MachineRegion>(cancel), settings);
        try
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            bound.CancelAfter(JoinTimeout);
            if (settings.Seed is null) await cluster.JoinAsync(cluster.SelfAddress, bound.Token);
            else await cluster.JoinSeedNodesAsync([Akka.Actor.Address.Parse(settings.Seed)], bound.Token);
            return node;
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            await node.AbortAsync(InterruptedShutdownTimeout);
            throw new RunAbandonedException(settings.Seed is null
                ? $"the node did not come up within {JoinTimeout.TotalSeconds:0} s"
                : $"could not join the cluster at {settings.Seed} within {JoinTimeout.TotalSeconds:0} s");
        }
        catch
        {
            await node.AbortAsync(InterruptedShutdownTimeout);
            throw;
        }
    }

    private static void Configure(AkkaConfigurationBuilder builder, NodeSettings settings)
    {
        builder
            .AddHocon(NodeConfig.Base(settings.EffectiveOverlay), HoconAddMode.Append)
            // Standard output carries only the product's output: Akka's own fallback to it (while a system stops) stays off.
            .AddHocon("akka.stdout-loglevel = OFF", HoconAddMode.Prepend)
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLogger<Emulation.Actors.Cluster.Logging.StandardErrorLogger>();
            })
            .WithRemoting(settings.Hostname, settings.Port)
            .WithClustering(new ClusterOptions
            {
                Roles = [.. settings.Roles],
                SplitBrainResolver = new KeepMajorityOption(),
            });
        var extractor = new MachineMessageExtractor();
        if (settings.IsWorker)
            builder.WithShardRegion<MachineRegion>(MachineSharding.TypeName, _ => MachineActor.Props(sharded: true), extractor,
                new ShardOptions { Role = NodeRoles.Worker, StateStoreMode = StateStoreMode.DData, RememberEntities = false });
        else
            builder.WithShardRegionProxy<MachineRegion>(MachineSharding.TypeName, NodeRoles.Worker, extractor);
        builder.WithActors((system, registry) => registry.Register<ClusterAdminActor>(system.ActorOf(ClusterAdminActor.Props(), ClusterAdminActor.Name)));
    }

    public ValueTask DisposeAsync() => new(ShutdownAsync(ShutdownTimeout));

    /// <summary>Leaves gracefully within <paramref name="bound"/> (then terminates outright); a second call waits for the first.</summary>
    public Task ShutdownAsync(TimeSpan bound) => _shutdown ??= Stop(graceful: true, bound);

    /// <summary>Stops at once without leaving (an interrupted run, a crash in a chaos experiment).</summary>
    public Task AbortAsync(TimeSpan bound) => _shutdown ??= Stop(graceful: false, bound);

    private async Task Stop(bool graceful, TimeSpan bound)
    {
        if (graceful)
        {
            var done = CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance);
            if (await Task.WhenAny(done, Task.Delay(bound)) != done)
                await System.Terminate().WaitAsync(bound).ContinueWith(_ => { });
        }
        else
        {
            ((ExtendedActorSystem)System).Abort();
            await System.WhenTerminated.WaitAsync(bound).ContinueWith(_ => { });
        }
        using var stop = new CancellationTokenSource(bound);
        await _host.StopAsync(stop.Token).ContinueWith(_ => { });
        _host.Dispose();
    }
}
