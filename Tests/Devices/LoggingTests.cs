using Akka.Actor;
using Akka.Event;
using Emulation.Actors.Cluster.Logging;
using Emulation.Tests.Support;
using Xunit.Abstractions;

namespace Emulation.Tests.Devices;

/// <summary>Logging goes to standard error: akka.hocon names the logger, and the logger writes every event it gets.</summary>
public sealed class LoggingTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(TestConfig.Actors, "logging", output)
{
    [Fact]
    public void The_actor_system_logs_through_the_standard_error_logger_only()
    {
        var loggerName = typeof(StandardErrorLogger).FullName + ", Emulation.Actors.Cluster";
        Assert.Equal([loggerName], Sys.Settings.Loggers);
        Assert.Equal("OFF", Sys.Settings.StdoutLogLevel);
        Assert.Equal([loggerName], TestConfig.Product.GetStringList("akka.loggers"));
    }

    [Fact]
    public void The_logger_writes_each_event_with_its_named_placeholders_filled_in()
    {
        var writer = new StringWriter();
        var synchronized = TextWriter.Synchronized(writer);
        var logger = Sys.ActorOf(Props.Create(() => new StandardErrorLogger(synchronized)), "stderr-logger");
        logger.Tell(new InitializeLogger(Sys.EventStream));
        ExpectMsg<LoggerInitialized>();
        Sys.EventStream.Subscribe(logger, typeof(Warning));

        Sys.Log.Warning("Device {Device} is {State}", "dgpu", "unplugged");

        // SyncTextWriter's methods lock the wrapper itself, so reading under that lock sees whole lines.
        string Written()
        {
            lock (synchronized) return writer.ToString();
        }
        AwaitCondition(() => Written().Contains("Device dgpu is unplugged"), TimeSpan.FromSeconds(3), "the line never came");
        Assert.Contains("WARNING", Written());
    }
}
