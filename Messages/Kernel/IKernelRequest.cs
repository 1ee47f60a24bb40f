namespace Emulation.Messages.Kernel;

/// <summary>
/// A message a machine-kernel actor answers: an operation (<see cref="KernelCall"/>) or a question about
/// its accounting. The answer goes to the sender and carries the same <see cref="RequestId"/>.
/// </summary>
public interface IKernelRequest : IEmulationMessage
{
    /// <summary>Chosen by the requester; echoed by the answer and by every effect notification the request causes.</summary>
    long RequestId { get; }
}
