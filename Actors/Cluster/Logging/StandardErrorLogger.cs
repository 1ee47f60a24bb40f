using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Emulation.Actors.Cluster.Logging;

/// <summary>
/// Akka's log sink for this product (akka.hocon `loggers`): standard output carries only the product's
/// output (reports, tables, JSON lines), so every log line, Akka's own included, goes to standard error.
/// </summary>
public sealed class StandardErrorLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    /// <summary>What Akka instantiates from the `loggers` setting: writes to standard error.</summary>
    public StandardErrorLogger()
        : this(Console.Error)
    {
    }

    /// <summary>Writes to <paramref name="writer"/> instead (tests).</summary>
    public StandardErrorLogger(TextWriter writer)
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => writer.WriteLine(e.ToString()));
    }
}
