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
        // 100,000 laptops hold about 4.5 GB: the product's machine target, and what 24 GB hosts comfortably.
        var machines = WholeNumberOption.Int("--machines", 10, 100_000, "How many emulated laptops to hold at once (default 2000)");
        var knobs = new Option<string[]>("--knob")
        {
            Description = $"NAME=VALUE, a kernel knob ({string.Join(", ", Knobs.Names)}; repeatable), for the measured machines.",
            AllowMultipleArgumentsPerToken = false,
        };
        var scaling = new Option<bool>("--scaling")
        {
            Description = "Measure instead how replay and runs scale: traces of 2,000 to --ops operations, one machine of 1,000 to --clients clients (docs/performance.md).",
        };
        var ops = WholeNumberOption.Int("--ops", 10, 10_000_000, "With --scaling: the longest traces replayed (default 100,000 operations)");
        var clients = WholeNumberOption.Int("--clients", 1, 1_000_000, "With --scaling: the most clients on the machine run (default 20,000)");
        var command = new Command("bench", "Measure what an emulated machine costs (memory, throughput) and print the figures.")
            { machines, knobs, scaling, ops, clients };
        command.SetAction(result =>
        {
            var output = result.InvocationConfiguration.Output;
            if (result.GetValue(scaling))
                return Scaling(result.GetValue(ops) ?? 100_000, result.GetValue(clients) ?? 20_000, output, result.InvocationConfiguration.Error);
            if (result.GetValue(ops) is not null || result.GetValue(clients) is not null)
            {
                result.InvocationConfiguration.Error.WriteLine("--ops and --clients go with --scaling");
                return ExitCodes.BadInput;
            }
            var count = result.GetValue(machines) ?? 2000;
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

    private static int Scaling(int maxOps, int maxClients, TextWriter output, TextWriter error)
    {
        if (maxOps < 10 || maxOps > 10_000_000 || maxClients < 1 || maxClients > 1_000_000)
        {
            error.WriteLine($"--ops {maxOps} --clients {maxClients}: expected 10 to 10,000,000 operations and 1 to 1,000,000 clients");
            return ExitCodes.BadInput;
        }
        var catalogue = Catalogue.Default;
        // Warm up (JIT, static caches) before measuring.
        ScalingBench.Replay("steady", 200, catalogue);
        ScalingBench.Run(12, catalogue);
        output.WriteLine($"{Environment.ProcessorCount} cores; replay of generated traces on T01, invariant checker after every operation, JSON lines formatted:");
        foreach (var shape in ScalingBench.Shapes)
            foreach (var n in ScalingBench.Sizes([2_000, 8_000, 16_000], maxOps))
            {
                var r = ScalingBench.Replay(shape, n, catalogue);
                output.WriteLine($"  {shape,-6} {N(r.Operations),11} operations {S(r.Seconds)} s  {M(r.Seconds * 1e6 / r.Operations)} us per operation (exit {r.ExitCode})");
            }
        output.WriteLine("one machine of T01 for 2 frames, every policy, without actors:");
        foreach (var n in ScalingBench.Sizes([1_000, 10_000], maxClients))
        {
            var r = ScalingBench.Run(n, catalogue);
            output.WriteLine($"  {N(r.Clients),7} clients x {r.Policies} policies {S(r.Seconds)} s  {M(r.Seconds * 1e6 / (r.Clients * (double)r.Policies))} us per client " +
                             $"({N(r.Operations)} kernel operations, {r.Violations} invariant violations)");
        }
        return ExitCodes.Ok;
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string S(double seconds) => seconds.ToString("0.00", CultureInfo.InvariantCulture).PadLeft(8);

    private static string M(double micros) => micros.ToString("0.0", CultureInfo.InvariantCulture).PadLeft(7);

    private static string Kb(long bytes) => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);
}
