using System.CommandLine;
using System.Globalization;
using Emulation.Actors.Scenarios;
using Emulation.Actors.Uapi;
using Emulation.Host.Bench;

namespace Emulation.Host.Cli;

/// <summary>
/// `bench`: measures and prints figures against the project's targets; exits 0 when it measured, whether
/// or not a target was met (it says which were not).
/// </summary>
public sealed class BenchCommand : IVerb
{
    public Command Build()
    {
        var machines = new Option<int?>("--machines") { Description = "How many emulated laptops to hold at once (default 2000)." };
        var knobs = new Option<string[]>("--knob")
        {
            Description = $"NAME=VALUE, a kernel knob ({string.Join(", ", Knobs.Names)}; repeatable), for the measured machines.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("bench", "Measure what an emulated machine costs (memory, throughput) and print the figures.") { machines, knobs };
        command.SetAction(result =>
        {
            var output = result.InvocationConfiguration.Output;
            var count = result.GetValue(machines) ?? 2000;
            if (count < 10)
            {
                result.InvocationConfiguration.Error.WriteLine($"--machines {count}: expected at least 10");
                return ExitCodes.BadInput;
            }
            var overrides = KnobOptions.Parse(result.GetValue(knobs) ?? [], result.InvocationConfiguration.Error);
            if (overrides is null) return ExitCodes.BadInput;
            LaptopMemoryBench.Figures f;
            try
            {
                f = LaptopMemoryBench.Measure(count, Catalogue.Default, overrides);
            }
            catch (ArgumentException e)
            {
                result.InvocationConfiguration.Error.WriteLine(e.Message.Split(" (Parameter")[0]);
                return ExitCodes.BadInput;
            }
            var kb = (double)LaptopMemoryBench.TargetBytes / 1024;
            output.WriteLine($"machines held at once: {f.Machines} (T01 laptop: 2 devices, a compositor, 3 clients x 3 buffers; {f.Objects} kernel objects)");
            output.WriteLine($"memory, kernel state per machine: {Kb(f.KernelBytes)} KB (target <= {kb:0} KB: {(f.KernelBytes <= LaptopMemoryBench.TargetBytes ? "met" : "NOT met")})");
            output.WriteLine($"memory, kernel + compositor + clients + script per machine: {Kb(f.MachineBytes)} KB");
            output.WriteLine($"throughput, one machine at a time without actors: {f.MachineFramesPerSecond.ToString("N0", CultureInfo.InvariantCulture)} machine-frames/s");
            var nanosPerOperation = 1e9 / (f.MachineFramesPerSecond * f.OperationsPerFrame);
            output.WriteLine($"kernel operations per machine-frame: {f.OperationsPerFrame.ToString("0.0", CultureInfo.InvariantCulture)}; " +
                             $"{nanosPerOperation.ToString("N0", CultureInfo.InvariantCulture)} ns per operation, userspace step and kernel included");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Kb(long bytes) => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);
}
