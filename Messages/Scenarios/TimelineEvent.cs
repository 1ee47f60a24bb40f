namespace Emulation.Messages.Scenarios;

/// <summary>Something that happens to a machine at the start of a frame.</summary>
public abstract record TimelineEvent(int Frame);

/// <summary>
/// Another process allocates VRAM on a device for a number of frames (0: to the end): <paramref name="Bytes"/>,
/// or all of it but <paramref name="LeaveFree"/> (when >= 0). An active one uses its buffer every frame
/// (validating it back into VRAM); a pinned one is never evicted (later allocations fall back, R14).
/// </summary>
public sealed record VramPressure(int Frame, string Device, long Bytes, long LeaveFree, int Frames, bool Active, bool Pinned)
    : TimelineEvent(Frame);

/// <summary>A client's window moves to another output (the compositor re-sends per-surface feedback).</summary>
public sealed record MoveWindow(int Frame, string Client, string Output) : TimelineEvent(Frame);

public sealed record ClientStart(int Frame, string Client) : TimelineEvent(Frame);

public sealed record ClientStop(int Frame, string Client) : TimelineEvent(Frame);

/// <summary>A device is unplugged (eGPU) or powered off (R20).</summary>
public sealed record UnplugDevice(int Frame, string Device) : TimelineEvent(Frame);

public sealed record ReplugDevice(int Frame, string Device) : TimelineEvent(Frame);

/// <summary>A kernel knob changes; later operations see it.</summary>
public sealed record KnobChange(int Frame, string Knob, string Value) : TimelineEvent(Frame);
