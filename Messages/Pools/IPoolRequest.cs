namespace Emulation.Messages;

/// <summary>
/// A kernel request about one memory pool, named as the kernel names pools ("vram:dgpu", "gtt").
/// A pool face accepts these and forwards them to its kernel.
/// </summary>
public interface IPoolRequest : IKernelRequest
{
    string Pool { get; }
}
