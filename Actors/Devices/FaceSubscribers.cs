using Akka.Actor;
using Emulation.Messages;
using Emulation.Messages.Faces;

namespace Emulation.Actors.Devices;

/// <summary>
/// The subscribers of one face (a field of that face, never shared): they get a copy of every effect
/// notification the face receives, until they unsubscribe or terminate (the face watches them).
/// </summary>
internal sealed class FaceSubscribers
{
    private readonly List<IActorRef> _subscribers = [];

    public void Subscribe(IActorContext context, Subscribe m, string face)
    {
        if (!_subscribers.Contains(m.Subscriber))
        {
            _subscribers.Add(m.Subscriber);
            context.Watch(m.Subscriber);
        }
        context.Sender.Tell(new Subscribed(m.RequestId, face));
    }

    public void Unsubscribe(IActorContext context, Unsubscribe m, string face)
    {
        if (_subscribers.Remove(m.Subscriber)) context.Unwatch(m.Subscriber);
        context.Sender.Tell(new Unsubscribed(m.RequestId, face));
    }

    public void Terminated(Terminated t) => _subscribers.Remove(t.ActorRef);

    /// <summary>Passes a notification on, keeping the kernel as its sender.</summary>
    public void Publish(IEmulationMessage notification, IActorRef sender)
    {
        foreach (var s in _subscribers) s.Tell(notification, sender);
    }
}
