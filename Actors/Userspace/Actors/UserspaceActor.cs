using Akka.Actor;
using Akka.Event;
using Emulation.Actors.Uapi;
using Emulation.Actors.Userspace.Conversations;
using Emulation.Messages;
using Emulation.Messages.Kernel;
using Emulation.Messages.Scenarios;

namespace Emulation.Actors.Userspace.Actors;

/// <summary>
/// A client or the compositor of an emulated machine: hosts its program and runs each step the machine asks
/// for. The step is a coroutine; each kernel call it awaits goes to the machine-kernel actor directly (the hot
/// path: one message per kernel operation, one in flight), and the answer resumes it from this actor's
/// mailbox: no blocking, no Ask. When the coroutine ends, its result is the step's answer. A step that
/// arrives while one runs waits in the stash.
/// </summary>
public sealed class UserspaceActor : ReceiveActor, IWithUnboundedStash
{
    /// <summary>The compositor's request ids are owner 1's; clients are 2, 3...</summary>
    public const int CompositorOwner = 1;

    // Props by type and arguments, not by expression: Akka evaluates an expression's arguments by compiling each one,
    // which cost more than running a client's two frames (a machine creates one actor per client).
    public static Props Client(ClientSpec spec, Topology topology, int owner, IActorRef kernel) =>
        Props.Create(typeof(UserspaceActor), spec.Name, owner, Program(port => new ClientProgram(spec, topology, port)), kernel);

    public static Props Compositor(Topology topology, CompositorSpec spec, ImportPolicy policy, Knobs knobs, IActorRef kernel) =>
        Props.Create(typeof(UserspaceActor), "compositor", CompositorOwner,
            Program(port => new CompositorProgram(topology, spec, policy, knobs, port)), kernel);

    private static Func<KernelPort, IUserspaceProgram> Program(Func<KernelPort, IUserspaceProgram> create) => create;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _name;
    private readonly KernelPort _port;
    private readonly IActorRef _kernel;
    private Coroutine<IEmulationMessage>? _step;
    private IActorRef _requester = ActorRefs.Nobody;

    public IStash Stash { get; set; } = null!;

    public UserspaceActor(string name, int owner, Func<KernelPort, IUserspaceProgram> create, IActorRef kernel)
    {
        _name = name;
        _kernel = kernel;
        _port = new KernelPort(owner);
        var program = create(_port);

        Receive<KernelAnswer>(answer =>
        {
            if (_step is null || _port.Waiting?.RequestId != answer.RequestId)
            {
                _log.Warning("{Program}: unexpected kernel answer {RequestId}", name, answer.RequestId);
                return;
            }
            _port.Answer(answer.Outcome);
            Continue();
        });
        Receive<IEmulationMessage>(program.Accepts, command =>
        {
            if (_step is not null)
            {
                Stash.Stash();
                return;
            }
            _requester = Sender;
            _step = program.Run(command);
            Continue();
        });
    }

    /// <summary>After the step ran as far as it could: send its next kernel call, or its answer when it ended.</summary>
    private void Continue()
    {
        if (_step is { IsCompleted: false })
        {
            var call = _port.Waiting ?? throw new InvalidOperationException($"{_name}: a step waits, but not on the kernel");
            _kernel.Tell(call, Self);
            return;
        }
        var answer = _step!.Result;
        _step = null;
        _requester.Tell(answer);
        Stash.Unstash();
    }
}
