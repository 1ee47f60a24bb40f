using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages.Userspace;

/// <summary>A step the machine asks of its compositor (Wayland requests from clients go through the machine too).</summary>
public interface ICompositorCommand : IEmulationMessage
{
    long RequestId { get; }
}

/// <summary>A compositor step whose answer is a <typeparamref name="TAnswer"/>.</summary>
public interface ICompositorCommand<TAnswer> : ICompositorCommand where TAnswer : IEmulationMessage;

/// <summary>The compositor opens every present device and picks its primary GPU.</summary>
public sealed record StartCompositor(long RequestId, ImmutableArray<string> Present) : ICompositorCommand<CompositorStepDone>;

/// <summary>A client's surface appears on an output (or moves to another one); the answer is its feedback.</summary>
public sealed record PlaceSurface(long RequestId, string Client, string Output) : ICompositorCommand<CompositorStepDone>;

/// <summary>zwp_linux_buffer_params create_immed for each buffer: the compositor imports them by its policy.</summary>
public sealed record CreateBuffers(long RequestId, string Client, ImmutableArray<ClientBuffer> Buffers) : ICompositorCommand<CompositorStepDone>;

/// <summary>wl_buffer.destroy: the compositor drops its imports of those buffers.</summary>
public sealed record DestroyBuffers(long RequestId, string Client, ImmutableArray<int> Keys) : ICompositorCommand<CompositorStepDone>;

/// <summary>wl_surface.attach + damage_buffer + commit of a buffer: <paramref name="Damage"/> is the fraction of it the frame changed.</summary>
public sealed record CommitBuffer(long RequestId, string Client, int Key, double Damage) : ICompositorCommand<CompositorStepDone>;

/// <summary>A device was unplugged or replugged (R20, userspace part).</summary>
public sealed record DeviceChanged(long RequestId, string Device, bool Present) : ICompositorCommand<CompositorStepDone>;

/// <summary>The kernel's capabilities changed (a knob change on the timeline).</summary>
public sealed record KernelCapabilities(long RequestId, Knobs Knobs) : ICompositorCommand<CompositorStepDone>;

/// <summary>Composite and present every output; <paramref name="ClientDevices"/> maps each client to the GPU it renders on (its path).</summary>
public sealed record CompositeFrame(long RequestId, int Frame, ImmutableArray<ClientDevice> ClientDevices) : ICompositorCommand<FrameComposited>;

/// <summary>The run is over: classify the imports never used and report them.</summary>
public sealed record FinishCompositor(long RequestId) : ICompositorCommand<ImportCounts>;

public sealed record ClientDevice(string Client, string Device);

/// <summary>The feedback of each surface after a step (clients reconsider their allocation with it).</summary>
public sealed record SurfaceFeedback(string Client, Feedback Feedback);

/// <summary>A compositor step is done; where surfaces' feedback may have changed, it is listed.</summary>
public sealed record CompositorStepDone(long RequestId, ImmutableArray<SurfaceFeedback> Feedback) : IEmulationMessage;

/// <summary>
/// One output's frame (R22): whether it was repainted (it had new content), the devices on its path, whether the
/// CPU was, and whether it was blank (a committed surface could not be shown, or nothing reached the output).
/// </summary>
public sealed record OutputPath(string Output, bool Repainted, ImmutableArray<string> Devices, bool Cpu, bool Blank);

/// <summary>A composited frame: R22 costs per device (ns) and CPU, copies per rung, and each output's path.</summary>
public sealed record FrameComposited(
    long RequestId,
    ImmutableArray<long> GpuNanos,
    long CpuNanos,
    ImmutableArray<long> Copies,
    long BytesCopied,
    ImmutableArray<OutputPath> Outputs) : IEmulationMessage;

/// <summary>
/// What the compositor counted over the run: its imports of client buffers by outcome (failures per errno, indexed by
/// Errno), its probes (attempts, refused, fooled, capability fallbacks), and the most bytes it held at once in shadow
/// and copy buffers.
/// </summary>
public sealed record ImportCounts(
    long RequestId,
    long Clean,
    long Migrated,
    long Pinned,
    ImmutableArray<long> Failed,
    long ProbeAttempts,
    long ProbesFailed,
    long ProbesFooled,
    long Fallbacks,
    long PeakShadowBytes) : IEmulationMessage;
