namespace Emulation.Messages;

/// <summary>
/// A kernel request about one device, named by its topology id ("igpu", "dgpu"). A device face
/// accepts these and forwards them to its kernel (the reply still goes to the original sender).
/// </summary>
public interface IDeviceRequest : IKernelRequest
{
    string Device { get; }
}
