using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Emulation.Actors.Devices;
using Emulation.Actors.Userspace.Actors;
using Emulation.Actors.Userspace.Conversations;
using Emulation.Messages;
using Emulation.Messages.Kernel;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;

namespace Emulation.Actors.Machines;

/// <summary>
/// One emulated machine (a sharding entity): on <see cref="RunMachine"/> it wires its kernel side (kernel
/// and device and pool faces), its compositor and clients, then drives its <see cref="MachineScript"/>
/// one userspace operation at a time and answers <see cref="MachineDone"/> (or <see cref="MachineFailed"/>).
/// Its children are never restarted: a userspace program or a kernel cannot resume halfway, so any failure
/// stops the child and fails the machine. A machine that makes no progress for <see cref="StallTimeout"/> fails too.
/// </summary>
public sealed class MachineActor : ReceiveActor
{
    public static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    /// <param name="sharded">Passivate through the shard when done (else stop).</param>
    public static Props Props(bool sharded) => Akka.Actor.Props.Create(() => new MachineActor(sharded));

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly bool _sharded;
    private readonly Dictionary<string, IActorRef> _clients = new(StringComparer.Ordinal);
    private RunMachine? _run;
    private IActorRef _requester = ActorRefs.Nobody;
    private MachineScript? _script;
    private Coroutine? _running;
    private IActorRef _kernel = ActorRefs.Nobody;
    private KernelRefs? _refs;
    private IActorRef _compositor = ActorRefs.Nobody;
    private bool _finished;

    public MachineActor(bool sharded)
    {
        _sharded = sharded;
        Receive<RunMachine>(Start);
        Receive<KernelRefs>(Wire);
        Receive<IEmulationMessage>(Step);
        Receive<Terminated>(t => Fail($"actor {t.ActorRef.Path.Name} of the machine stopped"));
        Receive<ReceiveTimeout>(_ => Fail($"no progress for {StallTimeout.TotalSeconds:0} s"));
    }

    /// <summary>
    /// Stopped before it finished without failing (its shard handed off to another node, its node leaving): says so,
    /// so that the coordinator sends the machine again instead of waiting for it.
    /// </summary>
    protected override void PostStop()
    {
        if (_run is { } run && !_finished)
            _requester.Tell(new MachineInterrupted(run.RequestId, run.RunId, run.Policy, run.Index));
    }

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(0, TimeSpan.Zero, _ => Directive.Stop);

    private void Start(RunMachine run)
    {
        if (_run is not null)
        {
            _log.Warning("Machine {Machine} already running; ignoring a second RunMachine", run.MachineId);
            return;
        }
        _run = run;
        _requester = Sender;
        if (!ImportPolicies.TryParse(run.Policy, out _))
        {
            Fail($"unknown policy '{run.Policy}'");
            return;
        }
        var setup = MachineVariation.For(run.Scenario, run.Index);
        _script = new MachineScript(run.Scenario, setup);
        var host = Context.ActorOf(KernelHostActor.Props(setup.Topology, run.Scenario.Knobs, run.InvariantCheckEvery), "kernel-host");
        Context.Watch(host);
        host.Tell(new GetKernelRefs(0));
        Context.SetReceiveTimeout(StallTimeout);
    }

    private void Wire(KernelRefs refs)
    {
        var run = _run!;
        ImportPolicies.TryParse(run.Policy, out var policy);
        var setup = MachineVariation.For(run.Scenario, run.Index);
        _refs = refs;
        _kernel = refs.Kernel;
        _compositor = Context.ActorOf(UserspaceActor.Compositor(setup.Topology, run.Scenario.Compositor, policy, run.Scenario.Knobs, _kernel), "compositor");
        Context.Watch(_compositor);
        for (var i = 0; i < setup.Clients.Length; i++)
        {
            var c = setup.Clients[i];
            var client = Context.ActorOf(UserspaceActor.Client(c, setup.Topology, UserspaceActor.CompositorOwner + 1 + i, _kernel),
                "client-" + ActorNames.Kebab(c.Name));
            Context.Watch(client);
            _clients[c.Name] = client;
        }
        _running = _script!.Run();
        Next();
    }

    private void Step(IEmulationMessage reply)
    {
        if (_running is null || _finished || _script!.Waiting is null)
        {
            _log.Warning("Machine {Machine}: unexpected {Message}", _run?.MachineId, reply.GetType().Name);
            return;
        }
        // A kernel call's answer goes back as the operation's outcome; every other answer as it is.
        if (Answer(reply is KernelAnswer k ? k.Outcome : reply)) Next();
    }

    /// <summary>Hands an answer to the script, which runs until its next step; false when the machine failed.</summary>
    private bool Answer(object answer)
    {
        try
        {
            _script!.Line.Answer(answer);
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            // The script met an answer it cannot use: the machine fails, reported, not carried on.
            Fail($"{e.GetType().Name}: {e.Message}");
            return false;
        }
    }

    /// <summary>Sends the script's next step; steps that need no answer are answered at once, and the next one goes.</summary>
    private void Next()
    {
        while (true)
        {
            if (_running!.IsCompleted)
            {
                try
                {
                    _running.ThrowIfFailed();
                }
                catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or ArgumentException)
                {
                    Fail($"{e.GetType().Name}: {e.Message}");
                    return;
                }
                Finish();
                return;
            }
            var step = _script!.Waiting!;
            TargetOf(step).Tell(step.Message);
            if (step.AnswerExpected || !Answer(Delivered.Sent)) return;
        }
    }

    private IActorRef TargetOf(MachineStep step) => step.Target switch
    {
        StepTarget.Kernel => _kernel,
        StepTarget.Compositor => _compositor,
        StepTarget.Device => _refs!.Devices.Single(d => d.Device == step.Name).Face,
        StepTarget.Pool => _refs!.Pools.Single(p => p.Pool == step.Name).Face,
        _ => _clients[step.Name!],
    };

    private void Finish()
    {
        var run = _run!;
        _requester.Tell(new MachineDone(run.RequestId, run.RunId, run.Policy, run.Index, _script!.Result!, _script.ViolationDetails));
        Stop();
    }

    private void Fail(string reason)
    {
        if (_finished) return;
        var run = _run;
        _log.Error("Machine {Machine} failed: {Reason}", run?.MachineId, reason);
        if (run is not null) _requester.Tell(new MachineFailed(run.RequestId, run.RunId, run.Policy, run.Index, reason));
        Stop();
    }

    private void Stop()
    {
        _finished = true;
        Context.SetReceiveTimeout(null);
        foreach (var child in Context.GetChildren()) Context.Unwatch(child);
        if (_sharded) Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        else Context.Stop(Self);
    }
}
