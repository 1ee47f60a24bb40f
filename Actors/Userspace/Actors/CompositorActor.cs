using Akka.Actor;
using Akka.Event;
using Emulation.Kernel;
using Emulation.Messages;
using Emulation.Messages.Scenarios;
using Emulation.Messages.Userspace;

namespace Emulation.Actors.Userspace.Actors;

/// <summary>
/// The Wayland compositor of an emulated machine: runs its <see cref="CompositorProgram"/> (the import
/// policy under test) step by step against the machine-kernel actor and answers each step.
/// </summary>
public sealed class CompositorActor : ReceiveActor, IWithUnboundedStash
{
    public static Props Props(Topology topology, CompositorSpec spec, ImportPolicy policy, Knobs knobs, IActorRef kernel) =>
        Akka.Actor.Props.Create(() => new CompositorActor(topology, spec, policy, knobs, kernel));

    /// <summary>The compositor's request ids are owner 1's (clients are 2, 3...).</summary>
    public const int Owner = 1;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CompositorProgram _program;
    private readonly ProgramPump _pump;

    public IStash Stash { get; set; } = null!;

    public CompositorActor(Topology topology, CompositorSpec spec, ImportPolicy policy, Knobs knobs, IActorRef kernel)
    {
        var port = new KernelPort(Owner);
        _program = new CompositorProgram(topology, spec, policy, knobs, port);
        _pump = new ProgramPump(port, kernel);

        Receive<ICompositorCommand>(command =>
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
                _log.Warning("Compositor: unexpected kernel reply {RequestId}", reply.RequestId);
        });
    }
}
