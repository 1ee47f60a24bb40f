using System.CommandLine;
using Emulation.Messages.Scenarios;

namespace Emulation.Host.Cli;

/// <summary>`validate FILE`: reads and checks a scenario (and the command line's overrides) without running it.</summary>
public sealed class ValidateCommand : IVerb
{
    public Command Build()
    {
        var input = new ScenarioInput();
        var command = new Command("validate", "Check a scenario file (exit 0 when valid, 2 with every problem otherwise).");
        input.AddTo(command);
        command.SetAction(result =>
        {
            var scenario = input.Load(result, result.InvocationConfiguration.Error);
            if (scenario is null) return ExitCodes.BadInput;
            Describe(scenario, result.InvocationConfiguration.Output);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Describe(ScenarioSpec s, TextWriter output)
    {
        output.WriteLine($"{s.Source}: valid");
        output.WriteLine($"  scenario {s.Id}: {s.Name}; seed {s.Seed}, {s.Machines} machines x {s.Frames} frames");
        output.WriteLine($"  devices: {string.Join(", ", s.Topology.Devices.Select(d => $"{d.Id} ({d.Profile.Name}, {(d.Outputs.IsEmpty ? "no outputs" : string.Join("/", d.Outputs.Select(o => o.Name)))})"))}");
        output.WriteLine($"  kernel: {string.Join(", ", s.Knobs.AsPairs().Select(p => $"{p.Key}={p.Value}"))}");
        output.WriteLine($"  policies: {string.Join(", ", s.Policies)}");
        output.WriteLine($"  clients: {(s.Clients.IsEmpty ? "none" : string.Join(", ", s.Clients.Select(c => $"{c.Name} on {c.Device ?? "main"} -> {c.Output}")))}");
        output.WriteLine($"  timeline: {s.Timeline.Length} events, variation: {s.Variation.Length} axes, expectations: {s.Expectations.Length}");
        if (!s.Nodes.IsEmpty)
            output.WriteLine($"  cluster: {string.Join(", ", s.Nodes.Select(Describe))}");
    }

    private static string Describe(ScriptedNode n)
    {
        var when = new List<string> { n.Roles.IsEmpty ? "no roles" : string.Join(",", n.Roles) };
        if (n.JoinAt > 0) when.Add($"joins at {n.JoinAt:0.##}");
        if (n.LeaveAt != ScriptedNode.Never) when.Add($"leaves at {n.LeaveAt:0.##}");
        if (n.CrashAt != ScriptedNode.Never) when.Add($"crashes at {n.CrashAt:0.##}");
        return $"{n.Name} ({string.Join(", ", when)})";
    }
}
