using Akka.Actor;
using Akka.Event;
using Emulation.Messages.Faces;
using Emulation.Messages.Kernel;
using Emulation.Messages.Pools;

namespace Emulation.Actors.Devices;

/// <summary>
/// A memory pool's face ("vram:dgpu", "gtt"). It accepts the requests meant for its pool
/// (<see cref="IPoolRequest"/>, e.g. its usage) and forwards them to the machine-kernel actor, which answers
/// the original sender. It receives <see cref="PlacementChanged"/> for every buffer that moves into or out of
/// the pool (migrations and evictions), counts them and passes them on to its subscribers.
/// </summary>
public sealed class MemoryPoolActor : ReceiveActor
{
    /// <param name="pool">The pool's kernel name ("vram:dgpu", "gtt").</param>
    /// <param name="kernel">The machine-kernel actor that owns the pool's state.</param>
    public static Props Props(string pool, IActorRef kernel) =>
        Akka.Actor.Props.Create(() => new MemoryPoolActor(pool, kernel));

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly FaceSubscribers _subscribers = new();
    private long _movesIn;
    private long _movesOut;
    private long _bytesIn;
    private long _bytesOut;
    private long _evictionsIn;
    private long _evictionsOut;
    private long _forwarded;

    public MemoryPoolActor(string pool, IActorRef kernel)
    {
        Receive<KernelCall>(m =>
        {
            _forwarded++;
            kernel.Forward(m);
        });
        Receive<PlacementChanged>(m =>
        {
            var eviction = m.Cause == PlacementCause.Eviction ? 1 : 0;
            if (m.Flow == PoolFlow.In)
            {
                _movesIn++;
                _bytesIn += m.Bytes;
                _evictionsIn += eviction;
            }
            else
            {
                _movesOut++;
                _bytesOut += m.Bytes;
                _evictionsOut += eviction;
            }
            _subscribers.Publish(m, Sender);
        });
        Receive<GetPoolStats>(m => Sender.Tell(new PoolStats(m.RequestId, pool,
            _movesIn, _movesOut, _bytesIn, _bytesOut, _evictionsIn, _evictionsOut, _forwarded)));
        Receive<Subscribe>(m => _subscribers.Subscribe(Context, m, pool));
        Receive<Unsubscribe>(m => _subscribers.Unsubscribe(Context, m, pool));
        Receive<Terminated>(_subscribers.Terminated);
    }
}
