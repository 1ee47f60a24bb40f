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

    /// <summary>
    /// Applies the options in order over a scenario's knobs; on a combination that cannot be (kernel 7.1 with
    /// move-notify = false, whichever came from where), the knobs as they were and what was wrong.
    /// </summary>
    public static Knobs Apply(Knobs knobs, IEnumerable<KeyValuePair<string, string>> overrides, out string? error)
    {
        error = null;
        foreach (var (name, value) in overrides)
        {
            var next = knobs.With(name, value, out var problem);
            if (problem is not null)
            {
                error = $"--knob {name}={value}: {problem}";
                return knobs;
            }
            knobs = next;
        }
        return knobs;
    }
}
