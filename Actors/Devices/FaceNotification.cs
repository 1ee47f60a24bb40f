using Emulation.Messages;

namespace Emulation.Actors.Devices;

/// <summary>Which kind of face a notification goes to.</summary>
public enum FaceKind : byte
{
    Device,
    Pool,
}

/// <summary>One effect notification and the face it is for: a device index or a pool index of the kernel's numbering.</summary>
public readonly record struct FaceNotification(FaceKind Kind, int Index, IEmulationMessage Message);
