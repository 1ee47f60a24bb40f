using Akka.Configuration;

namespace Emulation.Tests.Support;

/// <summary>The configuration of actor tests: the test overlay (akka.tests.hocon) over the product's akka.hocon.</summary>
public static class TestConfig
{
    public static string ProductHoconPath => Path.Combine(AppContext.BaseDirectory, "akka.hocon");

    public static string OverlayPath => Path.Combine(AppContext.BaseDirectory, "akka.tests.hocon");

    /// <summary>akka.hocon as every node loads it.</summary>
    public static Config Product => ConfigurationFactory.ParseString(File.ReadAllText(ProductHoconPath));

    /// <summary>Local provider, serialize-messages on, serialize-creators off, on top of akka.hocon.</summary>
    public static Config Actors => ConfigurationFactory.ParseString(File.ReadAllText(OverlayPath)).WithFallback(Product);
}
