using Emulation.Actors.Uapi;

namespace Emulation.Host.Cli;

/// <summary>`--knob NAME=VALUE` options (the knob names of docs/rules.md), shared by run, compare, validate and replay.</summary>
public static class KnobOptions
{
    /// <summary>The knobs in order, or null after writing what was wrong to <paramref name="stderr"/>.</summary>
    public static List<KeyValuePair<string, string>>? Parse(IReadOnlyList<string> options, TextWriter stderr)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var option in options)
        {
            var equals = option.IndexOf('=');
            if (equals <= 0)
            {
                stderr.WriteLine($"--knob {option}: expected NAME=VALUE with a kernel knob ({string.Join(", ", Knobs.Names)})");
                return null;
            }
            var (name, value) = (option[..equals], option[(equals + 1)..]);
            Knobs.Default.With(name, value, out var error);
            if (error is not null)
            {
                stderr.WriteLine($"--knob {option}: {error}");
                return null;
            }
            result.Add(new(name, value));
        }
        return result;
    }

    public static Knobs Apply(Knobs knobs, IEnumerable<KeyValuePair<string, string>> overrides) =>
        overrides.Aggregate(knobs, (k, o) => k.With(o.Key, o.Value, out _));
}
