using Akka.Actor;
using Akka.Event;
using Emulation.Messages.Devices;
using Emulation.Messages.Faces;
using Emulation.Messages.Kernel;

namespace Emulation.Actors.Devices;

/// <summary>
/// A DRM device's face. It accepts the requests meant for its device (<see cref="IDeviceRequest"/>:
/// open, pressure, unplug, replug...) and forwards them to the machine-kernel actor, which answers the
/// original sender. It receives the device's effects as messages: <see cref="MoveNotify"/> when it is the
/// importer of a buffer that is about to move, <see cref="PinChanged"/> for buffers it owns, and
/// <see cref="DevicePlugChanged"/>; it counts them and passes them on to its subscribers.
/// </summary>
public sealed class DeviceActor : ReceiveActor
{
    /// <param name="device">The device's topology id.</param>
    /// <param name="kernel">The machine-kernel actor that owns the device's state.</param>
    public static Props Props(string device, IActorRef kernel) =>
        Akka.Actor.Props.Create(() => new DeviceActor(device, kernel));

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly FaceSubscribers _subscribers = new();
    private long _moveNotifies;
    private long _pins;
    private long _unpins;
    private long _plugChanges;
    private long _forwarded;

    public DeviceActor(string device, IActorRef kernel)
    {
        Receive<KernelCall>(m =>
        {
            _forwarded++;
            kernel.Forward(m);
        });
        Receive<MoveNotify>(m =>
        {
            _moveNotifies++;
            _subscribers.Publish(m, Sender);
        });
        Receive<PinChanged>(m =>
        {
            if (m.Pinned) _pins++;
            else _unpins++;
            _subscribers.Publish(m, Sender);
        });
        Receive<DevicePlugChanged>(m =>
        {
            _plugChanges++;
            _log.Info("Device {Device} is now {State} (generation {Generation})", device, m.Present ? "present" : "unplugged", m.Generation);
            _subscribers.Publish(m, Sender);
        });
        Receive<GetDeviceStats>(m =>
            Sender.Tell(new DeviceStats(m.RequestId, device, _moveNotifies, _pins, _unpins, _plugChanges, _forwarded)));
        Receive<Subscribe>(m => _subscribers.Subscribe(Context, m, device));
        Receive<Unsubscribe>(m => _subscribers.Unsubscribe(Context, m, device));
        Receive<Terminated>(_subscribers.Terminated);
    }
}
