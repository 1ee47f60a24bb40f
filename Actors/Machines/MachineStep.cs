using Emulation.Messages;

namespace Emulation.Actors.Machines;

/// <summary>Who a machine step is for.</summary>
public enum StepTarget : byte { Kernel, Client, Compositor }

/// <summary>One userspace operation of a machine's script: a message to its kernel, a client or its compositor.</summary>
public sealed record MachineStep(StepTarget Target, string? Client, IEmulationMessage Message);
