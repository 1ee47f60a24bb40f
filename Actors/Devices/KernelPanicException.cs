namespace Emulation.Actors.Devices;

/// <summary>
/// A kernel operation threw: a bug in the model, not an errno. The operation did not commit (the
/// state is immutable), but the machine cannot be trusted to go on, so the kernel host stops its kernel
/// actor instead of restarting it (a restart would silently reboot the machine with empty state).
/// </summary>
public sealed class KernelPanicException(long requestId, string operation, Exception inner)
    : Exception($"kernel operation {operation} (request {requestId}) threw: {inner.Message}", inner)
{
    public long RequestId { get; } = requestId;

    public string Operation { get; } = operation;
}
