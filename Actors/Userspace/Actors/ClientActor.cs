using Akka.Actor;
using Akka.Event;
using Emulation.Kernel;
using Emulation.Messages;
using Emulation.Messages.Scenarios;
using Emulation.Messages.Userspace;

namespace Emulation.Actors.Userspace.Actors;

/// <summary>
/// A Wayland client of an emulated machine: runs its <see cref="ClientProgram"/> step by step, talking to
/// the machine-kernel actor directly (the hot path), and answers each step with <see cref="ClientStepDone"/>.
/// </summary>
public sealed class ClientActor : ReceiveActor, IWithUnboundedStash
{
    public static Props Props(ClientSpec spec, Topology topology, int owner, IActorRef kernel) =>
        Akka.Actor.Props.Create(() => new ClientActor(spec, topology, owner, kernel));

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ClientProgram _program;
    private readonly ProgramPump _pump;

    public IStash Stash { get; set; } = null!;

    public ClientActor(ClientSpec spec, Topology topology, int owner, IActorRef kernel)
    {
        var port = new KernelPort(owner);
        _program = new ClientProgram(spec, topology, port);
        _pump = new ProgramPump(port, kernel);

        Receive<IClientCommand>(command =>
        {
            if (_pump.Busy)
            {
                Stash.Stash();
                return;
            }
            var replyTo = Sender;
            _pump.Start(_program.Handle(command), () =>
            {
                replyTo.Tell(_program.Done(command));
                Stash.Unstash();
            }, Self);
        });
        Receive<IKernelReply>(reply =>
        {
            if (!_pump.OnReply(reply, Self))
                _log.Warning("Client {Client}: unexpected kernel reply {RequestId}", spec.Name, reply.RequestId);
        });
    }
}
