using Emulation.Actors.Uapi;

namespace Emulation.Tests.Kernel.Properties;

/// <summary>What random sequences reached: outcomes per operation and effects per kind.</summary>
public sealed class SequenceStats
{
    public Dictionary<string, int> Outcomes { get; } = [];

    public Dictionary<string, int> Effects { get; } = [];

    public int Steps { get; private set; }

    public void Count(string description, Outcome outcome)
    {
        Steps++;
        var op = description.Split('(')[0];
        var key = $"{op} {(outcome.Errno == Errno.None ? "ok" : outcome.Errno.ToString())}";
        Outcomes[key] = Outcomes.GetValueOrDefault(key) + 1;
        foreach (var e in outcome.Effects)
        {
            var name = e switch
            {
                Migrated m => $"Migrated {m.From.Name()}->{m.To.Name()} {m.Cause}",
                Evicted v => $"Evicted {v.From.Name()}->{v.To.Name()}",
                Pinned p => $"Pinned {p.At.Name()} {p.Holder}",
                Unpinned u => $"Unpinned {u.At.Name()} {u.Holder}",
                _ => e.GetType().Name,
            };
            Effects[name] = Effects.GetValueOrDefault(name) + 1;
        }
    }
}
