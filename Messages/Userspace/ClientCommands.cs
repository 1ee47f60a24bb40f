using System.Collections.Immutable;

namespace Emulation.Messages.Userspace;

/// <summary>A step the machine asks of one of its clients; the client answers <see cref="ClientStepDone"/>.</summary>
public interface IClientCommand : IEmulationMessage
{
    long RequestId { get; }
}

/// <summary>The client starts at a frame: it allocates its swapchain where its feedback says and draws from then on.</summary>
public sealed record StartClient(long RequestId, int Frame) : IClientCommand;

/// <summary>The client quits: its buffers and files go.</summary>
public sealed record StopClient(long RequestId) : IClientCommand;

/// <summary>Draw (at the client's fps) and commit a buffer.</summary>
public sealed record RenderFrame(long RequestId, int Frame) : IClientCommand;

/// <summary>
/// New linux-dmabuf feedback for the client's surface; <paramref name="Present"/> are the devices that
/// exist now, <paramref name="DeviceLost"/> says one of them went (the client must reallocate if it used it).
/// </summary>
public sealed record ClientFeedback(long RequestId, Feedback Feedback, ImmutableArray<string> Present, bool DeviceLost) : IClientCommand;

/// <summary>
/// What a client step did: its R22 costs per device (topology order, ns) and CPU, and what the compositor
/// must now hear (destroyed wl_buffers, new ones, a commit), in that order.
/// </summary>
public sealed record ClientStepDone(
    long RequestId,
    ImmutableArray<long> GpuNanos,
    long CpuNanos,
    string? RenderDevice,
    ImmutableArray<int> Destroyed,
    ImmutableArray<ClientBuffer> Created,
    int? Committed) : IEmulationMessage;
