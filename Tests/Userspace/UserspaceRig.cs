using Emulation.Actors.Scenarios;
using Emulation.Actors.Userspace;
using Emulation.Actors.Uapi;
using Emulation.Messages;
using Emulation.Messages.Scenarios;
using Emulation.Messages.Userspace;

namespace Emulation.Tests.Userspace;

/// <summary>
/// A compositor and its clients over one machine kernel, driven step by step as the machine script does
/// (feedback to the client, its buffers to the compositor), so tests can look at the kernel in between.
/// </summary>
public sealed class UserspaceRig
{
    private readonly KernelPort _compositorPort = new(1);
    private readonly Dictionary<string, (KernelPort Port, ClientProgram Program)> _clients = new(StringComparer.Ordinal);
    private long _id;

    public UserspaceRig(Topology topology, ImportPolicy policy, Knobs? knobs = null, CompositorSpec? spec = null)
    {
        Topology = topology;
        Kernel = new MachineKernel(KernelState.Boot(topology, knobs ?? Knobs.Default));
        Compositor = new CompositorProgram(topology, spec ?? CompositorSpec.Default, policy, knobs ?? Knobs.Default, _compositorPort);
        Present = [.. topology.Devices.Select(d => d.Id)];
        Do(new StartCompositor(++_id, [.. Present]));
    }

    public Topology Topology { get; }
    public MachineKernel Kernel { get; }
    public CompositorProgram Compositor { get; }
    public List<string> Present { get; }
    public KernelState State => Kernel.State;
    /// <summary>Every kernel operation the compositor made, with its outcome, in order.</summary>
    public List<(IIoctl Ioctl, IoctlOutcome Outcome)> CompositorCalls { get; } = [];

    /// <summary>The outcomes of the compositor's operations of one kind, in order.</summary>
    public List<IoctlOutcome> CompositorOutcomes<TIoctl>() where TIoctl : IIoctl =>
        [.. CompositorCalls.Where(c => c.Ioctl is TIoctl).Select(c => c.Outcome)];

    public static Topology Parse(string topologyBlock)
    {
        var text = $"scenario {{ topology {topologyBlock}\n clients = [] }}";
        return ScenarioReader.Parse(text, "rig.hocon", new Catalogue(Path.GetTempPath())).Topology;
    }

    public static ClientSpec Client(string name, string? device, AllocationPolicy allocation, string output, int buffers = 2) =>
        new(name, device, allocation, buffers, 1920, 1080, "XR24", output, 60, 0, -1);

    public IEmulationMessage Do(ICompositorCommand command) =>
        _compositorPort.RunToEnd(Compositor.Handle(command), ioctl =>
        {
            var outcome = Kernel.Apply(ioctl);
            CompositorCalls.Add((ioctl, outcome));
            return outcome;
        });

    public ClientStepDone Do(string client, IClientCommand command)
    {
        var (port, program) = _clients[client];
        var done = port.RunToEnd(program.Handle(command), Kernel.Apply);
        if (done.Destroyed.Length > 0) Do(new DestroyBuffers(++_id, client, done.Destroyed));
        if (done.Created.Length > 0) Do(new CreateBuffers(++_id, client, done.Created));
        if (done.Committed is { } key) Do(new CommitBuffer(++_id, client, key, 1.0));
        return done;
    }

    /// <summary>The client's surface appears, the client gets its feedback and starts (its buffers are imported).</summary>
    public ClientStepDone Start(ClientSpec spec)
    {
        var port = new KernelPort(2 + _clients.Count);
        _clients[spec.Name] = (port, new ClientProgram(spec, Topology, port));
        var placed = (CompositorStepDone)Do(new PlaceSurface(++_id, spec.Name, spec.Output));
        Do(spec.Name, new ClientFeedback(++_id, placed.Feedback.Single().Feedback, [.. Present], false));
        return Do(spec.Name, new StartClient(++_id, 0));
    }

    /// <summary>The client's window moves to another output; the client gets its new feedback.</summary>
    public ClientStepDone Move(string client, string output)
    {
        var placed = (CompositorStepDone)Do(new PlaceSurface(++_id, client, output));
        return Do(client, new ClientFeedback(++_id, placed.Feedback.Single().Feedback, [.. Present], false));
    }

    public ClientStepDone Frame(string client, int frame) => Do(client, new RenderFrame(++_id, frame));

    public FrameComposited Composite(int frame, params (string Client, string Device)[] devices) =>
        (FrameComposited)Do(new CompositeFrame(++_id, frame, [.. devices.Select(d => new ClientDevice(d.Client, d.Device))]));

    public ClientProgram ProgramOf(string client) => _clients[client].Program;

    /// <summary>A device is unplugged: the kernel, then the compositor, then every client with its new feedback.</summary>
    public void Unplug(string device)
    {
        Kernel.Apply(new Unplug(device));
        Present.Remove(device);
        var done = (CompositorStepDone)Do(new DeviceChanged(++_id, device, false));
        foreach (var f in done.Feedback.Where(f => _clients.ContainsKey(f.Client)))
            Do(f.Client, new ClientFeedback(++_id, f.Feedback, [.. Present], DeviceLost: true));
    }

    public void Replug(string device)
    {
        Kernel.Apply(new Replug(device));
        Present.Add(device);
        Present.Sort((a, b) => Topology.IndexOf(a).CompareTo(Topology.IndexOf(b)));
        var done = (CompositorStepDone)Do(new DeviceChanged(++_id, device, true));
        foreach (var f in done.Feedback.Where(f => _clients.ContainsKey(f.Client)))
            Do(f.Client, new ClientFeedback(++_id, f.Feedback, [.. Present], DeviceLost: false));
    }

    /// <summary>Objects of the client buffers: importer objects per device, by importing device.</summary>
    public IEnumerable<GemObject> ImportsOn(string device) =>
        State.Objects.Values.Where(b => b.IsImport && b.Device == Topology.IndexOf(device));
}
