using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>
/// Sets one knob by its spec 2.2 name and value word ("no-move" = "placement"). EINVAL for an unknown
/// knob or value, with <see cref="SetKnobReply.Error"/> saying what was expected.
/// </summary>
public sealed record SetKnobRequest(long RequestId, string Name, string Value) : IKernelRequest;

/// <summary><see cref="Value"/> is the knobs now in force (unchanged on failure); <see cref="Error"/> is empty on success.</summary>
public sealed record SetKnobReply(long RequestId, Errno Errno, Knobs Value, string Error, ImmutableArray<KernelEffect> Effects)
    : IKernelReply<Knobs>;
