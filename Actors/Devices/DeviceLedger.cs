using Emulation.Messages;
using Emulation.Messages.Devices;

namespace Emulation.Actors.Devices;

/// <summary>
/// What a device face keeps of its device, as a pure object the face actor wraps and the direct runner uses
/// as it is: the move-notifies meant for its dynamic attachments and the pin changes of its buffers (from the
/// kernel's effects), its hot-plug state, the operations forwarded through it, and its frame times.
/// </summary>
public sealed class DeviceLedger(string device)
{
    private long _moveNotifies;
    private long _pins;
    private long _unpins;
    private long _plugChanges;
    private long _forwarded;
    private long _frames;
    private long _frameNanos;
    private long _maxFrameNanos;

    public string Device { get; } = device;
    public bool Present { get; private set; } = true;
    public int Generation { get; private set; } = 1;

    /// <summary>Takes one effect notification meant for this device; false for one that is not.</summary>
    public bool Take(IEmulationMessage notification)
    {
        switch (notification)
        {
            case MoveNotify:
                _moveNotifies++;
                return true;
            case PinChanged { Pinned: true }:
                _pins++;
                return true;
            case PinChanged:
                _unpins++;
                return true;
            case DevicePlugChanged plug:
                _plugChanges++;
                Present = plug.Present;
                Generation = plug.Generation;
                return true;
            default:
                return false;
        }
    }

    /// <summary>An operation went to the kernel through this face.</summary>
    public void Forwarded() => _forwarded++;

    /// <summary>One frame's GPU time on this device.</summary>
    public void Frame(long gpuNanos)
    {
        _frames++;
        _frameNanos += gpuNanos;
        _maxFrameNanos = Math.Max(_maxFrameNanos, gpuNanos);
    }

    public DeviceStats Stats(long requestId) => new(requestId, Device, _moveNotifies, _pins, _unpins, _plugChanges, _forwarded,
        Present, Generation, _frames, _frameNanos, _maxFrameNanos);
}
