using Emulation.Actors.Uapi;
using Emulation.Messages.Machines;

namespace Emulation.Actors.Scenarios;

/// <summary>Reads a named figure (see <see cref="MetricNames"/>) out of metrics, for `expect` predicates.</summary>
public static class MetricValues
{
    public static long Get(MachineMetrics m, string name, Topology topology)
    {
        switch (name)
        {
            case "imports": return m.ImportsClean + m.ImportsMigrated + m.ImportsPinned + m.ImportsFailedTotal;
            case "imports.clean": return m.ImportsClean;
            case "imports.migrated": return m.ImportsMigrated;
            case "imports.pinned": return m.ImportsPinned;
            case "imports.failed": return m.ImportsFailedTotal;
            case "import-migrations": return m.ImportMigrations;
            case "eviction-migrations": return m.EvictionMigrations;
            case "validate-migrations": return m.ValidateMigrations;
            case "migrations": return m.Migrations;
            case "bytes-moved": return m.BytesMoved;
            case "pinned-in-system": return m.PinnedInSystem;
            case "evictions": return m.Evictions;
            case "move-notifies": return m.MoveNotifies;
            case "ping-pong-cycles": return m.PingPongCycles;
            case "copies": return m.Copies.Sum();
            case "bytes-copied": return m.BytesCopied;
            case "gpu-us": return m.GpuNanos.Sum() / 1000;
            case "cpu-us": return m.CpuNanos / 1000;
            case "missed-frames": return m.MissedFrames.Sum();
            case "invariant-violations": return m.InvariantViolations;
        }
        var dot = name.IndexOf('.');
        var (group, key) = dot < 0 ? (name, "") : (name[..dot], name[(dot + 1)..]);
        switch (group)
        {
            case "imports" when key.StartsWith("failed.", StringComparison.Ordinal)
                                 && ErrnoNames.TryParse(key["failed.".Length..], out var errno):
                return m.ImportsFailed[(int)errno];
            case "copies" when MetricNames.CopyRungs.ToList().IndexOf(key) is var rung and >= 0:
                return m.Copies[rung];
            case "gpu-us" when topology.IndexOf(key) is var device and >= 0:
                return m.GpuNanos[device] / 1000;
            case "missed-frames" when topology.AllOutputs.Select(o => o.Name).ToList().IndexOf(key) is var output and >= 0:
                return m.MissedFrames[output];
        }
        throw new ArgumentException($"unknown metric '{name}'", nameof(name));
    }
}
