using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Emulation.Actors.Logging;

/// <summary>
/// Akka's log sink for this product: standard output carries only the product's output (reports,
/// tables, JSON lines), so every log line, Akka's own included, goes to standard error.
/// </summary>
public sealed class StandardErrorLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public StandardErrorLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => Console.Error.WriteLine(e.ToString()));
    }
}
