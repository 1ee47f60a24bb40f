using Akka.Actor;

namespace Emulation.Messages.Faces;

/// <summary>
/// Asks a device or pool face to pass every effect notification it receives on to
/// <paramref name="Subscriber"/> too (until it unsubscribes or terminates). Answered with <see cref="Subscribed"/>.
/// </summary>
public sealed record Subscribe(long RequestId, IActorRef Subscriber) : IEmulationMessage;

/// <summary><paramref name="Face"/> is the device id or the pool name.</summary>
public sealed record Subscribed(long RequestId, string Face) : IEmulationMessage;

public sealed record Unsubscribe(long RequestId, IActorRef Subscriber) : IEmulationMessage;

public sealed record Unsubscribed(long RequestId, string Face) : IEmulationMessage;
