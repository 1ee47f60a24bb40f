namespace Emulation.Tests.Kernel.Properties;

/// <summary>Every operation the random sequences exercise (all of KernelOperations, and a knob change).</summary>
public enum OpKind : byte
{
    Open, CloseFile, CreateDumb, Alloc, GemClose, Export, Import, ImportBadFd, CloseFd, Dup, SeekEnd, SeekBad,
    Write, Read, Map, Unmap, Render, Query, AddFramebuffer, Scanout, Pressure, ReleasePressure, Unplug, Replug, SetKnob, Tick,
}

/// <summary>
/// One abstract step: a kind and three choice numbers (0..999). The runner interprets the choices
/// against the state of the moment (mostly live files, handles, fds; sometimes stale or bad ones), so
/// any sub-list of a sequence is still a valid sequence and FsCheck can shrink by dropping steps.
/// </summary>
public sealed record Op(OpKind Kind, int A, int B, int C)
{
    public override string ToString() => $"{Kind}({A},{B},{C})";
}
