namespace Emulation.Messages.Machines;

/// <summary>What a figure counts in. Times are kept in nanoseconds and reported in microseconds.</summary>
public enum MetricUnit : byte
{
    Count,
    Bytes,
    Microseconds,
}

/// <summary>How a figure combines over frames and machines.</summary>
public enum MetricSum : byte
{
    /// <summary>Added up (a policy's figure is the sum over its machines).</summary>
    Sum,
    /// <summary>The largest value seen (a peak).</summary>
    Max,
}

/// <summary>What a figure is broken down by; a keyed figure's bare name is its total.</summary>
public enum MetricKeys : byte
{
    None,
    /// <summary>One value per device of the topology, by device id.</summary>
    Device,
    /// <summary>One value per output of the topology, by output name.</summary>
    Output,
    /// <summary>One value per errno name (the JSON also lists the `total`).</summary>
    Errno,
    /// <summary>One value per rung of the copy ladder (zero-copy, blit, gpu-copy, cpu-copy).</summary>
    CopyRung,
    /// <summary>One value per memory pool the machine has, by pool name (`vram:dgpu`, `gtt`).</summary>
    Pool,
}

/// <summary>
/// One figure a run reports, defined once (<see cref="Metrics"/>): its name (the JSON report's path to it
/// and the `expect` name), unit, keys, how it sums, whether it is split by owner, what it means, and the
/// header of its column in `compare`'s table (null: not in the table). Metrics that share a column header
/// are shown in one column, joined by '/'.
/// </summary>
/// <param name="Derived">The metrics this one adds up (null: a figure of its own, kept per machine).</param>
public sealed record Metric(
    string Name,
    MetricUnit Unit,
    MetricKeys Keys,
    MetricSum Sum,
    bool ByOwner,
    string Description,
    string? Column = null,
    IReadOnlyList<string>? Derived = null)
{
    /// <summary>Kept per machine (not computed from others at report time).</summary>
    public bool Stored => Derived is null;

    /// <summary>A kept value in the unit the report shows (whole microseconds for times kept in nanoseconds).</summary>
    public long Reported(long kept) => Unit == MetricUnit.Microseconds ? kept / 1000 : kept;
}
