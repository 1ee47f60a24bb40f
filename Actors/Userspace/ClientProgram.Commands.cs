using System.Collections.Immutable;
using Emulation.Messages;
using Emulation.Messages.Userspace;

namespace Emulation.Actors.Userspace;

/// <summary>The client's steps as the machine asks for them, and what it answers.</summary>
public sealed partial class ClientProgram : IUserspaceProgram
{
    private HashSet<int> _present = [];

    /// <summary>The kernel requests of one step (drive them, then ask <see cref="Done"/>).</summary>
    public IEnumerable<IKernelRequest> Handle(IClientCommand command)
    {
        Outbox.Clear();
        Costs = new FrameCosts(topology);
        return command switch
        {
            StartClient s => Start(_present, s.Frame),
            StopClient => Stop(),
            RenderFrame f => Frame(f.Frame),
            ClientFeedback fb => OnFeedback(fb),
            _ => throw new ArgumentException($"not a client command: {command.GetType().Name}", nameof(command)),
        };
    }

    public bool Accepts(IEmulationMessage message) => message is IClientCommand;

    IEnumerable<IKernelRequest> IUserspaceProgram.Handle(IEmulationMessage command) => Handle((IClientCommand)command);

    IEmulationMessage IUserspaceProgram.Done(IEmulationMessage command) => Done((IClientCommand)command);

    public ClientStepDone Done(IClientCommand command) => new(
        command.RequestId,
        [.. Costs!.Gpu],
        Costs.Cpu,
        Placement is { } p ? topology.Devices[p.RenderDevice].Id : null,
        [.. Outbox.Destroyed],
        [.. Outbox.Created],
        Outbox.Committed);

    private IEnumerable<IKernelRequest> OnFeedback(ClientFeedback fb)
    {
        Feedback = fb.Feedback;
        _present = fb.Present.Select(topology.IndexOf).Where(i => i >= 0).ToHashSet();
        return Reconsider(_present, fb.DeviceLost);
    }
}
