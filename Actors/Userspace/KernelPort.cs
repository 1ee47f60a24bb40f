using Emulation.Actors.Uapi;
using Emulation.Actors.Userspace.Conversations;
using Emulation.Messages.Kernel;

namespace Emulation.Actors.Userspace;

/// <summary>
/// A userspace program's line to its machine's kernel: <c>await kernel.Call(new Import(file, fd, flags))</c>
/// gives that operation's <see cref="IoctlOutcome{TResult}"/>. Each call is one <see cref="KernelCall"/>
/// question on the program's <see cref="Conversation"/>; whoever hosts the program (an actor that sends it
/// to the machine-kernel actor, or a loop that applies it to a kernel directly) hands the outcome back.
/// Request ids are unique per port: <c>owner * 2^32 + n</c>.
/// </summary>
public sealed class KernelPort(int owner)
{
    private readonly long _base = (long)owner << 32;
    private long _next;

    public Conversation Line { get; } = new();

    /// <summary>The call the program waits on, or null.</summary>
    public KernelCall? Waiting => Line.Question as KernelCall;

    public Answer<IoctlOutcome<TResult>> Call<TResult>(IIoctl<TResult> ioctl) =>
        Line.Ask<IoctlOutcome<TResult>>(new KernelCall(_base + ++_next, ioctl));

    /// <summary>Hands the kernel's outcome of the waiting call back to the program.</summary>
    public void Answer(IoctlOutcome outcome) => Line.Answer(outcome);

    /// <summary>Runs a program to its end against a kernel that answers synchronously (tests, the direct runner).</summary>
    public TResult RunToEnd<TResult>(Coroutine<TResult> program, Func<IIoctl, IoctlOutcome> kernel)
    {
        while (!program.IsCompleted)
        {
            var call = Waiting ?? throw new InvalidOperationException("the program waits, but not on the kernel");
            Answer(kernel(call.Ioctl));
        }
        return program.Result;
    }
}
