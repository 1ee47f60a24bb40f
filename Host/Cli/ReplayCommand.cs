using System.CommandLine;
using Emulation.Actors.Uapi;
using Emulation.Host.Replay;

namespace Emulation.Host.Cli;

/// <summary>`replay TRACE [--topology ID|FILE] [--knob NAME=VALUE ...] [--json FILE]` (docs/traces.md).</summary>
public sealed class ReplayCommand : IVerb
{
    public Command Build()
    {
        var trace = new Argument<string>("trace") { Description = "The .seq trace to replay." };
        var topology = new Option<string>("--topology")
        {
            Description = "A catalogue id (T01..T20), vgem-vkms, or a topology file; overrides the trace's `topology` header.",
        };
        var knobs = new Option<string[]>("--knob")
        {
            Description = $"NAME=VALUE, a kernel knob ({string.Join(", ", Knobs.Names)}; repeatable); overrides the trace's knob lines before its first operation.",
            AllowMultipleArgumentsPerToken = false,
        };
        var json = new Option<string>("--json") { Description = "Write the JSON lines to FILE instead of standard output." };
        var command = new Command("replay", "Replay an ioctl trace through the kernel model; one JSON line per operation.")
        {
            trace, topology, knobs, json,
        };
        command.SetAction(result => Replayer.Run(
            new ReplayRequest(result.GetRequiredValue(trace), result.GetValue(topology), result.GetValue(knobs) ?? [], result.GetValue(json)),
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }
}
