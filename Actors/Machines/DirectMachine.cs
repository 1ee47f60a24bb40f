using Emulation.Actors.Devices;
using Emulation.Actors.Userspace;
using Emulation.Kernel;
using Emulation.Messages;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;
using Emulation.Messages.Userspace;

namespace Emulation.Actors.Machines;

/// <summary>
/// Runs one machine's script in the calling thread, without actors: the same script, programs and
/// kernel as the actor path, delivered by direct calls. For tests of the userspace model and for
/// checking the actor path against it.
/// </summary>
public static class DirectMachine
{
    public static MachineScript Run(ScenarioSpec scenario, ImportPolicy policy, int machineIndex)
    {
        var setup = MachineVariation.For(scenario, machineIndex);
        var kernel = new MachineKernel(KernelState.Boot(setup.Topology, scenario.Knobs));
        var compositorPort = new KernelPort(1);
        var compositor = new CompositorProgram(setup.Topology, scenario.Compositor, policy, scenario.Knobs, compositorPort);
        var clients = new Dictionary<string, (KernelPort Port, ClientProgram Program)>(StringComparer.Ordinal);
        for (var i = 0; i < setup.Clients.Length; i++)
        {
            var port = new KernelPort(2 + i);
            clients[setup.Clients[i].Name] = (port, new ClientProgram(setup.Clients[i], setup.Topology, port));
        }
        var script = new MachineScript(scenario, setup);
        foreach (var step in script.Run())
        {
            switch (step.Target)
            {
                case StepTarget.Kernel:
                    script.Reply = kernel.Apply((IKernelRequest)step.Message, out _);
                    break;
                case StepTarget.Compositor:
                    var command = (ICompositorCommand)step.Message;
                    Drive(compositor.Handle(command), compositorPort, kernel);
                    script.Reply = compositor.Done(command);
                    break;
                default:
                    var (port, client) = clients[step.Client!];
                    var clientCommand = (IClientCommand)step.Message;
                    Drive(client.Handle(clientCommand), port, kernel);
                    script.Reply = client.Done(clientCommand);
                    break;
            }
        }
        return script;
    }

    private static void Drive(IEnumerable<IKernelRequest> program, KernelPort port, MachineKernel kernel)
    {
        foreach (var request in program) port.Reply = kernel.Apply(request, out _);
    }
}
