namespace Emulation.Actors.Devices;

/// <summary>
/// The machine-kernel actor threw while handling a message: a bug in the model or the shell, not an
/// errno. A failed operation does not commit (the state is immutable), but the machine cannot be trusted
/// to go on, so the kernel host stops its kernel actor instead of restarting it (a restart would silently
/// reboot the machine with an empty state).
/// </summary>
/// <param name="requestId">The request being handled (0 for messages without one).</param>
/// <param name="operation">The message type's name.</param>
public sealed class KernelPanicException(long requestId, string operation, Exception inner)
    : Exception($"the kernel panicked on {operation} (request {requestId}): {inner.Message}", inner)
{
    public long RequestId { get; } = requestId;

    public string Operation { get; } = operation;
}
