using Emulation.Actors.Devices;
using Emulation.Actors.Kernel;
using Emulation.Actors.Userspace;
using Emulation.Actors.Uapi;
using Emulation.Messages;
using Emulation.Messages.Devices;
using Emulation.Messages.Kernel;
using Emulation.Messages.Pools;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;

namespace Emulation.Actors.Machines;

/// <summary>
/// One machine's script run in the calling thread, without actors: the same script, programs and
/// kernel as the actor path, delivered by direct calls. For tests of the userspace model, for checking
/// the actor path against it, and for measuring what a machine costs.
/// </summary>
public sealed class DirectMachine
{
    private readonly KernelPort _compositorPort = new(1);
    private readonly Dictionary<string, (KernelPort Port, ClientProgram Program)> _clients = new(StringComparer.Ordinal);

    private DirectMachine(ScenarioSpec scenario, ImportPolicy policy, int machineIndex)
    {
        var setup = MachineVariation.For(scenario, machineIndex);
        Side = new KernelSide(new MachineKernel(KernelState.Boot(setup.Topology, scenario.Knobs)));
        Compositor = new CompositorProgram(setup.Topology, scenario.Compositor, policy, scenario.Knobs, _compositorPort);
        for (var i = 0; i < setup.Clients.Length; i++)
        {
            var port = new KernelPort(2 + i);
            _clients[setup.Clients[i].Name] = (port, new ClientProgram(setup.Clients[i], setup.Topology, port));
        }
        Script = new MachineScript(scenario, setup);
    }

    /// <summary>The kernel and its faces' ledgers.</summary>
    public KernelSide Side { get; }

    public MachineKernel Kernel => Side.Kernel;
    public CompositorProgram Compositor { get; }
    public IEnumerable<ClientProgram> Clients => _clients.Values.Select(c => c.Program);
    public MachineScript Script { get; }

    /// <summary>Runs the machine to the end of its script; its figures are in <c>Script.Result</c>.</summary>
    public static MachineScript Run(ScenarioSpec scenario, ImportPolicy policy, int machineIndex) =>
        Start(scenario, policy, machineIndex).RunToEnd().Script;

    public static DirectMachine Start(ScenarioSpec scenario, ImportPolicy policy, int machineIndex) =>
        new(scenario, policy, machineIndex);

    public DirectMachine RunToEnd()
    {
        var run = Script.Run();
        while (!run.IsCompleted)
            Script.Line.Answer(Deliver(Script.Waiting ?? throw new InvalidOperationException("the machine waits on nothing")));
        run.ThrowIfFailed();
        return this;
    }

    /// <summary>One step, answered as the actors would answer it (a kernel call by its outcome).</summary>
    private object Deliver(MachineStep step)
    {
        switch (step.Message)
        {
            case KernelCall call:
                // An event for a device reaches the kernel through the device's face, as in the actors.
                if (step.Target == StepTarget.Device) Side.Device(step.Name!).Forwarded();
                return Side.Apply(call.RequestId, call.Ioctl);
            case EndFrame end:
            {
                var frame = Side.EndFrame(end.RequestId, end.ElapsedMicros);
                return new FrameEnded(end.RequestId, frame.PinnedInSystem, [.. frame.MoveNanos]);
            }
            case GetTally tally:
                return MachineKernelActor.Tally(tally.RequestId, Kernel);
            case DeviceFrame frame:
                Side.Device(step.Name!).Frame(frame.GpuNanos);
                return Delivered.Sent;
            case GetDeviceStats stats:
                return Side.Device(step.Name!).Stats(stats.RequestId);
            case GetPoolStats stats:
                return Side.Pool(step.Name!).Stats(stats.RequestId);
        }
        var (port, program) = step.Target == StepTarget.Compositor
            ? (_compositorPort, (IUserspaceProgram)Compositor)
            : _clients[step.Name!];
        return port.RunToEnd(program.Run(step.Message), Side.Apply);
    }
}
