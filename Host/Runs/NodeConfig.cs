using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Akka.DistributedData;

namespace Emulation.Host.Runs;

/// <summary>
/// A node's configuration: akka.hocon (next to the executable) as the base, an overlay for the port,
/// hostname and seeds, and the defaults of sharding, singletons and distributed data as fallbacks.
/// </summary>
public static class NodeConfig
{
    public const string SystemName = "emulation";

    /// <summary>An overlay setting Akka's log level.</summary>
    public static string LogLevel(string level) => $"akka.loglevel = {level}";

    public static string HoconPath => Path.Combine(AppContext.BaseDirectory, "akka.hocon");

    public static Config Create(int port = 0, string hostname = "127.0.0.1", IEnumerable<string>? seeds = null, string extra = "")
    {
        var seedList = string.Join(", ", (seeds ?? []).Select(s => $"\"{s}\""));
        var overlay = $"""
            akka.remote.dot-netty.tcp.hostname = "{hostname}"
            akka.remote.dot-netty.tcp.port = {port}
            akka.cluster.seed-nodes = [{seedList}]
            {extra}
            """;
        return ConfigurationFactory.ParseString(overlay)
            .WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(HoconPath)))
            .WithFallback(ClusterSharding.DefaultConfig())
            .WithFallback(ClusterSingleton.DefaultConfig())
            .WithFallback(DistributedData.DefaultConfig());
    }
}
