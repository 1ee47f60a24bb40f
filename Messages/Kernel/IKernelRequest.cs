namespace Emulation.Messages;

/// <summary>
/// A request to a machine-kernel actor (directly, or through a device or pool face that forwards it).
/// The reply goes to the sender and carries the same <see cref="RequestId"/>.
/// </summary>
public interface IKernelRequest : IEmulationMessage
{
    /// <summary>Chosen by the requester; echoed by the reply and by every effect notification the request causes.</summary>
    long RequestId { get; }
}
