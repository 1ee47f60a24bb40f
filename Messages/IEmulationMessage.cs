namespace Emulation.Messages;

/// <summary>Marker of every message of the emulator: Hyperion is bound to it (akka.hocon).</summary>
public interface IEmulationMessage;
