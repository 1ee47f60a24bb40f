using Akka.Actor;
using Akka.Event;
using Emulation.Actors.Uapi;
using Emulation.Messages;
using Emulation.Messages.Scenarios;

namespace Emulation.Actors.Userspace.Actors;

/// <summary>
/// A client or the compositor of an emulated machine: hosts its program, runs each step the machine asks
/// for against the machine-kernel actor directly (the hot path: one message per kernel operation, one
/// in flight), and answers the step when its program is done. A step that arrives while one runs waits.
/// </summary>
public sealed class UserspaceActor : ReceiveActor, IWithUnboundedStash
{
    /// <summary>The compositor's request ids are owner 1's; clients are 2, 3...</summary>
    public const int CompositorOwner = 1;

    public static Props Client(ClientSpec spec, Topology topology, int owner, IActorRef kernel) =>
        Props.Create(() => new UserspaceActor(spec.Name, owner, port => new ClientProgram(spec, topology, port), kernel));

    public static Props Compositor(Topology topology, CompositorSpec spec, ImportPolicy policy, Knobs knobs, IActorRef kernel) =>
        Props.Create(() => new UserspaceActor("compositor", CompositorOwner,
            port => new CompositorProgram(topology, spec, policy, knobs, port), kernel));

    private readonly ILoggingAdapter _log = Context.GetLogger();

    public IStash Stash { get; set; } = null!;

    public UserspaceActor(string name, int owner, Func<KernelPort, IUserspaceProgram> create, IActorRef kernel)
    {
        var port = new KernelPort(owner);
        var program = create(port);
        var pump = new ProgramPump(port, kernel);

        Receive<IKernelReply>(reply =>
        {
            if (!pump.OnReply(reply, Self))
                _log.Warning("{Program}: unexpected kernel reply {RequestId}", name, reply.RequestId);
        });
        Receive<IEmulationMessage>(program.Accepts, command =>
        {
            if (pump.Busy)
            {
                Stash.Stash();
                return;
            }
            var replyTo = Sender;
            pump.Start(program.Handle(command), () =>
            {
                replyTo.Tell(program.Done(command));
                Stash.Unstash();
            }, Self);
        });
    }
}
