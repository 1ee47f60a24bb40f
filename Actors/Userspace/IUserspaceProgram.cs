using Emulation.Actors.Userspace.Conversations;
using Emulation.Messages;

namespace Emulation.Actors.Userspace;

/// <summary>
/// A userspace program (a client, a compositor) as the actor that hosts it sees it: a command in, a
/// coroutine that talks to the kernel on the program's <see cref="KernelPort"/> and ends with the answer.
/// </summary>
public interface IUserspaceProgram
{
    /// <summary>Whether this program takes this message as a command.</summary>
    bool Accepts(IEmulationMessage message);

    /// <summary>Runs one command; the coroutine's result is the answer to send back.</summary>
    Coroutine<IEmulationMessage> Run(IEmulationMessage command);
}
