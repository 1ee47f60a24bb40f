using Akka.Actor;
using Emulation.Messages;

namespace Emulation.Actors.Userspace;

/// <summary>
/// Runs a program (a coroutine of kernel requests) against the machine-kernel actor from inside an
/// actor: one request in flight, each reply put back into the program's port before it resumes.
/// No blocking, no Ask: the actor hands every kernel reply to <see cref="OnReply"/>.
/// </summary>
internal sealed class ProgramPump(KernelPort port, IActorRef kernel)
{
    private IEnumerator<IKernelRequest>? _program;
    private Action? _finished;
    private long _awaiting;

    public bool Busy => _program is not null;

    public void Start(IEnumerable<IKernelRequest> program, Action finished, IActorRef self)
    {
        if (Busy) throw new InvalidOperationException("a program is already running");
        _program = program.GetEnumerator();
        _finished = finished;
        Next(self);
    }

    /// <summary>False when the reply is not the one awaited (a bug: the caller logs it).</summary>
    public bool OnReply(IKernelReply reply, IActorRef self)
    {
        if (!Busy || reply.RequestId != _awaiting) return false;
        port.Reply = reply;
        Next(self);
        return true;
    }

    private void Next(IActorRef self)
    {
        if (_program!.MoveNext())
        {
            _awaiting = _program.Current.RequestId;
            kernel.Tell(_program.Current, self);
            return;
        }
        _program.Dispose();
        _program = null;
        var finished = _finished!;
        _finished = null;
        finished();
    }
}
