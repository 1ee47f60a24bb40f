using System.Collections.Immutable;
using System.Globalization;
using Emulation.Actors.Scenarios;
using Emulation.Actors.Uapi;
using Emulation.Messages.Scenarios;

namespace Emulation.Actors.Machines;

/// <summary>What one machine of a scenario is: its topology and clients after its variation draws.</summary>
public sealed record MachineSetup(int Index, Topology Topology, ImmutableArray<ClientSpec> Clients, ImmutableArray<string> Drawn);

/// <summary>
/// Applies a scenario's `variation` block to one machine: each axis, in key order, draws one value
/// from the machine's own SplitMix64 stream.
/// </summary>
public static class MachineVariation
{
    public static MachineSetup For(ScenarioSpec scenario, int machineIndex)
    {
        var topology = scenario.Topology;
        var clients = scenario.Clients;
        if (scenario.Variation.IsDefaultOrEmpty) return new MachineSetup(machineIndex, topology, clients, []);
        var random = SplitMix64.ForMachine(scenario.Seed, machineIndex);
        var drawn = ImmutableArray.CreateBuilder<string>();
        foreach (var axis in scenario.Variation)
        {
            var value = axis.Values[random.NextIndex(axis.Values.Length)];
            drawn.Add($"{axis.Key}={value}");
            var device = topology.IndexOf(axis.Target);
            if (device >= 0) topology = WithDevice(topology, device, axis.Field, value);
            else clients = [.. clients.Select(c => c.Name == axis.Target ? WithClient(c, axis.Field, value) : c)];
        }
        return new MachineSetup(machineIndex, topology, clients, drawn.ToImmutable());
    }

    private static Topology WithDevice(Topology topology, int index, string field, string value)
    {
        var d = topology.Devices[index];
        d = field switch
        {
            "vram" or "carveout" => d with { LocalMemoryBytes = Bytes(value) },
            "resizable-bar" => d with { ResizableBar = Bool(value) },
            "link-bandwidth" => d with { LinkGBps = double.Parse(value, CultureInfo.InvariantCulture) },
            "present" => d with { InitiallyPresent = Bool(value) },
            _ => throw new ArgumentException($"no variation field '{field}' for devices", nameof(field)),
        };
        return topology with { Devices = topology.Devices.Select((x, i) => i == index ? d : x).ToImmutableArray() };
    }

    private static ClientSpec WithClient(ClientSpec c, string field, string value) => field switch
    {
        "start" => c with { StartFrame = Int(value) },
        "fps" => c with { Fps = Int(value) },
        "buffers" => c with { Buffers = Int(value) },
        "device" => c with { Device = value },
        "output" => c with { Output = value },
        _ => throw new ArgumentException($"no variation field '{field}' for clients", nameof(field)),
    };

    private static long Bytes(string value) =>
        Sizes.TryParseBytes(value, out var bytes) ? bytes : throw new FormatException($"not a size: {value}");

    private static bool Bool(string value) => value is "true" or "yes" or "on";

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
