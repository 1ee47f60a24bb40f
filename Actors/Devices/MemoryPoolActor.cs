using Akka.Actor;
using Emulation.Messages.Faces;
using Emulation.Messages.Kernel;
using Emulation.Messages.Pools;

namespace Emulation.Actors.Devices;

/// <summary>
/// A memory pool's face ("vram:dgpu", "gtt"). It forwards the operations meant for its pool (its usage) to the
/// machine-kernel actor, which answers the original sender. It receives <see cref="PlacementChanged"/> for every
/// buffer that moves into or out of the pool (migrations and evictions) and the kernel's <see cref="PoolSample"/>
/// at the end of each frame; its <see cref="PoolLedger"/> keeps them (the run reports the pool's peak usage
/// from it), and it passes the placement changes on to its subscribers.
/// </summary>
public sealed class MemoryPoolActor : ReceiveActor
{
    /// <param name="pool">The pool's kernel name ("vram:dgpu", "gtt").</param>
    /// <param name="kernel">The machine-kernel actor that owns the pool's state.</param>
    public static Props Props(string pool, IActorRef kernel) =>
        Akka.Actor.Props.Create(() => new MemoryPoolActor(pool, kernel));

    private readonly FaceSubscribers _subscribers = new();
    private readonly PoolLedger _ledger;

    public MemoryPoolActor(string pool, IActorRef kernel)
    {
        _ledger = new PoolLedger(pool);
        Receive<KernelCall>(m =>
        {
            _ledger.Forwarded();
            kernel.Forward(m);
        });
        Receive<PlacementChanged>(m =>
        {
            _ledger.Take(m);
            _subscribers.Publish(m, Sender);
        });
        Receive<PoolSample>(_ledger.Take);
        Receive<GetPoolStats>(m => Sender.Tell(_ledger.Stats(m.RequestId)));
        Receive<Subscribe>(m => _subscribers.Subscribe(Context, m, pool));
        Receive<Unsubscribe>(m => _subscribers.Unsubscribe(Context, m, pool));
        Receive<Terminated>(_subscribers.Terminated);
    }
}
