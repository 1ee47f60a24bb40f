using System.Diagnostics;
using Emulation.Actors.Machines;
using Emulation.Actors.Scenarios;
using Emulation.Messages.Scenarios;

namespace Emulation.Host.Bench;

/// <summary>
/// What one emulated laptop costs (issue 2's budget: about 40 KB of managed memory, so 100,000 machines
/// fit at once): T01's machine (two devices, a compositor, three clients with three buffers each) run
/// until every client is up, then many such machines held at once and the managed heap measured.
/// Also the single-thread throughput of the same machine without actors.
/// </summary>
public static class LaptopMemoryBench
{
    public const long TargetBytes = 40 * 1024;

    /// <param name="OperationsPerFrame">Kernel operations (each one userspace conversation step) per machine-frame.</param>
    public sealed record Figures(int Machines, long KernelBytes, long MachineBytes, int Objects, double MachineFramesPerSecond,
        double OperationsPerFrame);

    public static Figures Measure(int machines, Catalogue catalogue, IEnumerable<KeyValuePair<string, string>>? knobs = null)
    {
        var scenario = ScenarioReader.Load("T01", catalogue) with { Frames = 45 };
        scenario = scenario with { Knobs = Cli.KnobOptions.Apply(scenario.Knobs, knobs ?? [], out var error) };
        if (error is not null) throw new ArgumentException(error, nameof(knobs));
        // Warm up (JIT, static caches) before measuring.
        DirectMachine.Start(scenario, ImportPolicy.Legacy, 0).RunToEnd();

        var kernels = new object[machines];
        var before = Heap();
        for (var i = 0; i < machines; i++) kernels[i] = DirectMachine.Start(scenario, ImportPolicy.Legacy, i).RunToEnd().Kernel.State;
        var kernelBytes = (Heap() - before) / machines;
        var objects = ((Actors.Kernel.KernelState)kernels[0]).Objects.Count;
        GC.KeepAlive(kernels);
        kernels = [];

        var whole = new DirectMachine[machines];
        before = Heap();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < machines; i++) whole[i] = DirectMachine.Start(scenario, ImportPolicy.Legacy, i).RunToEnd();
        var seconds = clock.Elapsed.TotalSeconds;
        var machineBytes = (Heap() - before) / machines;
        var operations = whole.Sum(m => m.Kernel.Operations);
        GC.KeepAlive(whole);
        return new Figures(machines, kernelBytes, machineBytes, objects, machines * (double)scenario.Frames / seconds,
            operations / ((double)machines * scenario.Frames));
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
