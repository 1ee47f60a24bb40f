using Emulation.Messages;

namespace Emulation.Actors.Userspace;

/// <summary>
/// A userspace program (a client, a compositor) as the actor that hosts it sees it: a command in, a
/// coroutine of kernel requests, an answer once they are done.
/// </summary>
public interface IUserspaceProgram
{
    /// <summary>Whether this program takes this message as a command.</summary>
    bool Accepts(IEmulationMessage message);

    IEnumerable<IKernelRequest> Handle(IEmulationMessage command);

    IEmulationMessage Done(IEmulationMessage command);
}
