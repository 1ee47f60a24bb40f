using Emulation.Messages;

namespace Emulation.Actors.Machines;

/// <summary>Who a machine step is for.</summary>
public enum StepTarget : byte
{
    /// <summary>The machine-kernel actor: the frame's accounting and the run's tally.</summary>
    Kernel,
    /// <summary>A client, by name.</summary>
    Client,
    /// <summary>The compositor.</summary>
    Compositor,
    /// <summary>A device's face, by device id: events of the machine for that device, its frame times.</summary>
    Device,
    /// <summary>A memory pool's face, by pool name.</summary>
    Pool,
}

/// <summary>
/// One operation of a machine's script: a message to its kernel, a client, its compositor, or a device or
/// pool face (<paramref name="Name"/> says which client, device or pool). A step that needs no answer
/// (<see cref="AnswerExpected"/> false) is answered by its driver with <see cref="Delivered"/> as soon as it is sent.
/// </summary>
public sealed record MachineStep(StepTarget Target, string? Name, IEmulationMessage Message, bool AnswerExpected = true);

/// <summary>What the driver hands back for a step that needs no answer: it was sent.</summary>
public sealed record Delivered
{
    public static readonly Delivered Sent = new();
}
