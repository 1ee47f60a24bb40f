using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Akka.DistributedData;

namespace Emulation.Host.Runs;

/// <summary>
/// A node's HOCON: akka.hocon (next to the executable) as the base, under an overlay, with the defaults of
/// sharding, singletons and distributed data as fallbacks. <see cref="EmulationNode"/> adds what is set in code.
/// </summary>
public static class NodeConfig
{
    public const string SystemName = "emulation";

    /// <summary>An overlay setting Akka's log level.</summary>
    public static string LogLevel(string level) => $"akka.loglevel = {level}";

    public static string HoconPath => Path.Combine(AppContext.BaseDirectory, "akka.hocon");

    /// <summary>akka.hocon under <paramref name="overlay"/>, with the defaults of sharding, singletons and distributed data.</summary>
    public static Config Base(string overlay = "") =>
        ConfigurationFactory.ParseString(overlay)
            .WithFallback(ConfigurationFactory.ParseString(File.ReadAllText(HoconPath)))
            .WithFallback(ClusterSharding.DefaultConfig())
            .WithFallback(ClusterSingleton.DefaultConfig())
            .WithFallback(DistributedData.DefaultConfig());

    /// <summary>A whole node configuration without Akka.Hosting (tests that build bare actor systems).</summary>
    public static Config Create(int port = 0, string hostname = "127.0.0.1", IEnumerable<string>? seeds = null, string extra = "")
    {
        var seedList = string.Join(", ", (seeds ?? []).Select(s => $"\"{s}\""));
        return Base($"""
            akka.remote.dot-netty.tcp.hostname = "{hostname}"
            akka.remote.dot-netty.tcp.port = {port}
            akka.cluster.seed-nodes = [{seedList}]
            {extra}
            """);
    }
}
