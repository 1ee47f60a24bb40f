using Emulation.Actors.Uapi;

namespace Emulation.Actors.Userspace;

/// <summary>How an import ended (the imports metrics of docs/scenarios.md): precedence failed > pinned > migrated > clean.</summary>
public enum ImportOutcome : byte { Clean, Migrated, Pinned, Failed }

/// <summary>The compositor's imports of client buffers, by outcome (failures by errno), and its probes.</summary>
public sealed class ImportTally
{
    public long Clean { get; private set; }
    public long Migrated { get; private set; }
    public long Pinned { get; private set; }
    public long[] Failed { get; } = new long[10];

    /// <summary>NO_MOVE or SAME_DEVICE imports tried, one per device.</summary>
    public long ProbeAttempts { get; private set; }

    /// <summary>Probes the kernel refused.</summary>
    public long ProbesFailed { get; private set; }

    /// <summary>Probes that succeeded while the buffer was outside its preferred placement.</summary>
    public long ProbesFooled { get; private set; }

    /// <summary>Imports that went to legacy because the kernel lacks the capability the policy needs.</summary>
    public long Fallbacks { get; private set; }

    /// <summary>One probe and what came of it.</summary>
    public void Probed(bool succeeded, bool outsidePreferred)
    {
        ProbeAttempts++;
        if (!succeeded) ProbesFailed++;
        else if (outsidePreferred) ProbesFooled++;
    }

    public void FellBack() => Fallbacks++;

    public void Count(ImportOutcome outcome, Errno errno)
    {
        switch (outcome)
        {
            case ImportOutcome.Clean: Clean++; break;
            case ImportOutcome.Migrated: Migrated++; break;
            case ImportOutcome.Pinned: Pinned++; break;
            default: Failed[(int)errno]++; break;
        }
    }

    /// <summary>The outcome of an import from everything its attach, maps and pins did.</summary>
    public static ImportOutcome Classify(IEnumerable<KernelEffect> effects)
    {
        var outcome = ImportOutcome.Clean;
        foreach (var e in effects)
        {
            if (e is Pinned) return ImportOutcome.Pinned;
            if (e is Migrated { Cause: MoveCause.Import }) outcome = ImportOutcome.Migrated;
        }
        return outcome;
    }
}
