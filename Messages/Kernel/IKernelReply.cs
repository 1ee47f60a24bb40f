namespace Emulation.Messages.Kernel;

/// <summary>The answer to an <see cref="IKernelRequest"/>, with its request id.</summary>
public interface IKernelReply : IEmulationMessage
{
    long RequestId { get; }
}
