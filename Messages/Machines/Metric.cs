namespace Emulation.Messages.Machines;

/// <summary>
/// What a figure counts in. Times are kept in nanoseconds: `Microseconds` figures are reported as whole
/// microseconds (sums), `Milliseconds` figures as milliseconds with three decimals (per-frame times, move time).
/// </summary>
public enum MetricUnit : byte
{
    Count,
    Bytes,
    Microseconds,
    Milliseconds,
    /// <summary>A rate computed from other figures (frames per second).</summary>
    PerSecond,
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

/// <summary>What a metric is made of.</summary>
public enum MetricForm : byte
{
    /// <summary>One number per key (and per owner when split by owner), summed or maxed over machines.</summary>
    Figure,
    /// <summary>
    /// A distribution of per-frame values per key (<see cref="FrameTimeBuckets"/>): its buckets, the exact sum and
    /// the exact maximum, which merge exactly over machines; the report shows the <see cref="Metric.Statistics"/>.
    /// </summary>
    Distribution,
    /// <summary>Computed from other figures when reported (<see cref="Metric.Compute"/>); nothing of its own is kept.</summary>
    Computed,
}

/// <summary>
/// One figure a run reports, defined once (<see cref="Metrics"/>): its name (the JSON report's path to it
/// and the `expect` name), unit, keys, how it sums, whether it is split by owner (<see cref="Actors.Uapi.BufferOwner"/>:
/// the bare name is the client's figure, `compositor.NAME` and `other.NAME` the others), what it means, and the
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
    public MetricForm Form { get; init; } = MetricForm.Figure;

    /// <summary>For a distribution: the statistics the report shows, among `mean`, `p50`, `p95`, `p99`, `max`.</summary>
    public IReadOnlyList<string> Statistics { get; init; } = [];

    /// <summary>For a computed metric: its value for one key from a policy's (or machine's) figures.</summary>
    public Func<MachineMetrics, MetricContext, int, double>? Compute { get; init; }

    /// <summary>Kept per machine (not computed from others at report time).</summary>
    public bool Stored => Derived is null && Form != MetricForm.Computed;

    /// <summary>Reported as a whole number.</summary>
    public bool Integral => Unit is MetricUnit.Count or MetricUnit.Bytes or MetricUnit.Microseconds;

    /// <summary>A kept value in the unit the report shows: whole microseconds, or milliseconds to three decimals.</summary>
    public double Reported(long kept) => Unit switch
    {
        MetricUnit.Microseconds => kept / 1000,
        MetricUnit.Milliseconds => Math.Round(kept / 1e6, 3),
        _ => kept,
    };
}

/// <summary>What a computed figure needs beyond the figures: the topology (refresh rates) and how many machine-frames they cover.</summary>
public sealed record MetricContext(Actors.Uapi.Topology Topology, long MachineFrames);
