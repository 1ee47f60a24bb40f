using System.CommandLine;
using Emulation.Actors.Scenarios;
using Emulation.Messages.Scenarios;

namespace Emulation.Host.Cli;

/// <summary>
/// The scenario argument and the options `run`, `compare` and `validate` share: `--seed`, `--machines`,
/// `--frames`, `--knob`. Loading validates everything before anything starts (exit 2 on bad input).
/// </summary>
public sealed class ScenarioInput
{
    public Argument<string> Scenario { get; } = new("scenario") { Description = "A scenario file, a catalogue id (T01...; see `list`), or '-' for standard input." };
    public Option<long?> Seed { get; } = WholeNumberOption.Long("--seed", 0, ScenarioReader.MaxSeed, "The scenario's seed (machines draw their variation from it)");
    public Option<int?> Machines { get; } = WholeNumberOption.Int("--machines", 1, ScenarioReader.MaxMachines, "How many machines to run per policy");
    public Option<int?> Frames { get; } = WholeNumberOption.Int("--frames", 1, ScenarioReader.MaxFrames,
        "How many frames each machine runs (more than the last timeline frame: frames count from 0)");
    public Option<string[]> Knobs { get; } = new("--knob")
    {
        Description = $"NAME=VALUE, a kernel knob ({string.Join(", ", Actors.Uapi.Knobs.Names)}; repeatable); overrides the scenario's kernel block.",
        AllowMultipleArgumentsPerToken = false,
    };

    public void AddTo(Command command)
    {
        command.Add(Scenario);
        command.Add(Seed);
        command.Add(Machines);
        command.Add(Frames);
        command.Add(Knobs);
    }

    /// <summary>The validated scenario with the command line's overrides, or null after writing why to stderr.</summary>
    public ScenarioSpec? Load(ParseResult result, TextWriter stderr, Catalogue? catalogue = null, TextReader? standardInput = null)
    {
        var knobs = KnobOptions.Parse(result.GetValue(Knobs) ?? [], stderr);
        if (knobs is null) return null;
        ScenarioSpec scenario;
        try
        {
            scenario = ScenarioReader.Load(result.GetRequiredValue(Scenario), catalogue ?? Catalogue.Default, standardInput);
        }
        catch (ScenarioException e)
        {
            foreach (var error in e.Errors) stderr.WriteLine(error);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"{result.GetRequiredValue(Scenario)}: cannot read the scenario ({e.Message})");
            return null;
        }

        if (result.GetValue(Seed) is { } seed) scenario = scenario with { Seed = (ulong)seed };
        if (result.GetValue(Machines) is { } machines) scenario = scenario with { Machines = machines };
        if (result.GetValue(Frames) is { } frames)
        {
            if (frames <= scenario.LastTimelineFrame)
            {
                stderr.WriteLine($"--frames {frames}: too few for {scenario.Source}, whose timeline has an event at frame " +
                                 $"{scenario.LastTimelineFrame} (expected at least {scenario.LastTimelineFrame + 1})");
                return null;
            }
            scenario = scenario with { Frames = frames };
        }
        if (knobs.Count > 0)
        {
            var applied = KnobOptions.Apply(scenario.Knobs, knobs, out var error);
            if (error is not null)
            {
                stderr.WriteLine($"{scenario.Source}: {error}");
                return null;
            }
            scenario = scenario with { Knobs = applied };
        }
        if (ScenarioReader.WorkProblem(scenario) is { } tooBig)
        {
            stderr.WriteLine($"{scenario.Source}: with the command line's options: found {tooBig.Found}, expected {tooBig.Expected}");
            return null;
        }
        return scenario;
    }
}
