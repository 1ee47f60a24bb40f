using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Messages;

/// <summary>Replaces all kernel knobs (spec 2.2); they apply to later operations only.</summary>
public sealed record SetKnobsRequest(long RequestId, Knobs Knobs) : IKernelRequest;

/// <summary><see cref="Value"/> is the knobs now in force.</summary>
public sealed record SetKnobsReply(long RequestId, Errno Errno, Knobs Value, ImmutableArray<KernelEffect> Effects) : IKernelReply<Knobs>;
