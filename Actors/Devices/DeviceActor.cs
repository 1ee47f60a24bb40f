using Akka.Actor;
using Akka.Event;
using Emulation.Messages;
using Emulation.Messages.Devices;
using Emulation.Messages.Faces;
using Emulation.Messages.Kernel;

namespace Emulation.Actors.Devices;

/// <summary>
/// A DRM device's face. The machine's own events for the device (another process's allocation on it, an
/// unplug or replug) come through it: it forwards those operations to the machine-kernel actor, which
/// answers the original sender (clients and the compositor call the kernel directly: the hot path). It
/// receives the device's effects as messages (<see cref="MoveNotify"/> for its dynamic attachments,
/// <see cref="PinChanged"/> for its buffers, <see cref="DevicePlugChanged"/>) and the machine's
/// <see cref="DeviceFrame"/>s, keeps them in its <see cref="DeviceLedger"/> (hot-plug state, frame times: what
/// the run reports as the device's GPU time) and passes the effects on to its subscribers.
/// </summary>
public sealed class DeviceActor : ReceiveActor
{
    /// <param name="device">The device's topology id.</param>
    /// <param name="kernel">The machine-kernel actor that owns the device's state.</param>
    public static Props Props(string device, IActorRef kernel) =>
        Akka.Actor.Props.Create(() => new DeviceActor(device, kernel));

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly FaceSubscribers _subscribers = new();
    private readonly DeviceLedger _ledger;

    public DeviceActor(string device, IActorRef kernel)
    {
        _ledger = new DeviceLedger(device);
        Receive<KernelCall>(m =>
        {
            _ledger.Forwarded();
            kernel.Forward(m);
        });
        Receive<DeviceFrame>(m => _ledger.Frame(m.GpuNanos));
        Receive<IEmulationMessage>(m => m is MoveNotify or PinChanged or DevicePlugChanged, m =>
        {
            _ledger.Take(m);
            if (m is DevicePlugChanged plug)
                _log.Info("Device {Device} is now {State} (generation {Generation})", device, plug.Present ? "present" : "unplugged", plug.Generation);
            _subscribers.Publish(m, Sender);
        });
        Receive<GetDeviceStats>(m => Sender.Tell(_ledger.Stats(m.RequestId)));
        Receive<Subscribe>(m => _subscribers.Subscribe(Context, m, device));
        Receive<Unsubscribe>(m => _subscribers.Unsubscribe(Context, m, device));
        Receive<Terminated>(_subscribers.Terminated);
    }
}
