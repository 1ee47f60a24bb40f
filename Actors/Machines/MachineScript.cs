using System.Collections.Immutable;
using Emulation.Actors.Scenarios;
using Emulation.Actors.Uapi;
using Emulation.Messages;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;
using Emulation.Messages.Userspace;

namespace Emulation.Actors.Machines;

/// <summary>
/// What one emulated machine does, one userspace operation at a time: the timeline's events, each
/// client's frame, the compositor's frame, then the frame's accounting (R22 misses, pins in system
/// memory). A coroutine of <see cref="MachineStep"/>s: the driver (the machine actor, or a direct
/// runner) delivers each step and puts the answer in <see cref="Reply"/>. Deterministic: the order of
/// steps depends only on the scenario, the machine's setup and the answers.
/// </summary>
public sealed class MachineScript(ScenarioSpec scenario, MachineSetup setup)
{
    private readonly Topology _t = setup.Topology;
    private readonly long[] _gpu = new long[setup.Topology.Devices.Length];
    private readonly string[] _outputs = [.. setup.Topology.AllOutputs.Select(o => o.Name)];
    private readonly long[] _missed = new long[setup.Topology.AllOutputs.Count()];
    private readonly long[] _copies = new long[MachineMetrics.RungCount];
    private readonly HashSet<int> _present = [];
    /// <summary>The clients in the scenario's order (never a hash collection's order).</summary>
    private readonly List<ClientState> _clients = [];
    private readonly List<ActivePressure> _pressure = [];
    private long _cpu;
    private long _bytesCopied;
    private long _nextId;

    public IEmulationMessage? Reply { get; set; }

    /// <summary>The machine's figures, once the script has run to its end.</summary>
    public MachineMetrics? Result { get; private set; }

    /// <summary>Invariant violations the kernel described (the first few), for the report's run object.</summary>
    public ImmutableArray<string> ViolationDetails { get; private set; } = [];

    private ClientState Client(string name) => _clients.First(c => c.Spec.Name == name);

    private sealed class ClientState(ClientSpec spec)
    {
        public ClientSpec Spec { get; set; } = spec;
        public bool Running { get; set; }
        public string? RenderDevice { get; set; }
    }

    private sealed record ActivePressure(string Device, int Bo, int Until, bool Active);

    private long Id() => ++_nextId;

    private T Last<T>() where T : class => Reply as T ?? throw new InvalidOperationException(
        $"machine expected a {typeof(T).Name}, got {Reply?.GetType().Name ?? "nothing"}");

    public IEnumerable<MachineStep> Run()
    {
        for (var d = 0; d < _t.Devices.Length; d++)
            if (_t.Devices[d].InitiallyPresent) _present.Add(d);
        foreach (var c in setup.Clients) _clients.Add(new ClientState(c));

        yield return Compositor(new StartCompositor(Id(), PresentIds()));
        for (var frame = 0; frame < scenario.Frames; frame++)
        {
            foreach (var step in BeginFrame(frame)) yield return step;
            var frameGpu = new long[_gpu.Length];
            long frameCpu = 0;
            foreach (var c in _clients.Where(c => c.Running))
            {
                yield return Client(c, new RenderFrame(Id(), frame));
                var done = Last<ClientStepDone>();
                Add(frameGpu, done.GpuNanos);
                frameCpu += done.CpuNanos;
                foreach (var step in Forward(c, done)) yield return step;
            }
            var devices = _clients.Where(c => c.Running && c.RenderDevice is not null)
                .Select(c => new ClientDevice(c.Spec.Name, c.RenderDevice!)).ToImmutableArray();
            yield return Compositor(new CompositeFrame(Id(), frame, devices));
            var composited = Last<FrameComposited>();
            Add(frameGpu, composited.GpuNanos);
            frameCpu += composited.CpuNanos;
            Add(_copies, composited.Copies);
            _bytesCopied += composited.BytesCopied;
            Account(frameGpu, frameCpu, composited.Outputs);
            yield return Kernel(new EndFrameRequest(Id()));
        }

        yield return Compositor(new FinishCompositor(Id()));
        var imports = Last<ImportCounts>();
        yield return Kernel(new TallyRequest(Id()));
        var tally = Last<TallyReply>();
        ViolationDetails = tally.RecentViolations;
        Result = new MachineMetrics(imports.Clean, imports.Migrated, imports.Pinned, imports.Failed,
            tally.ImportMigrations, tally.EvictionMigrations, tally.ValidateMigrations, tally.BytesMoved, tally.PinnedInSystem,
            tally.Evictions, tally.MoveNotifies, tally.PingPongCycles, [.. _copies], _bytesCopied, [.. _gpu], _cpu, [.. _missed],
            tally.InvariantViolations);
    }

    /// <summary>Pressure ending, the timeline's events, clients due to start or stop, active pressure at work.</summary>
    private IEnumerable<MachineStep> BeginFrame(int frame)
    {
        foreach (var p in _pressure.Where(p => p.Until == frame).ToList())
        {
            _pressure.Remove(p);
            yield return Kernel(new ReleasePressureRequest(Id(), p.Device, p.Bo));
        }
        foreach (var e in scenario.Timeline.Where(e => e.Frame == frame))
            foreach (var step in Apply(e, frame)) yield return step;
        foreach (var c in _clients)
        {
            if (!c.Running && c.Spec.StartFrame == frame && !HasEvent<ClientStart>(c, frame))
                foreach (var step in StartClient(c, frame)) yield return step;
            if (c.Running && c.Spec.StopFrame == frame)
                foreach (var step in StopClient(c)) yield return step;
        }
        foreach (var p in _pressure.Where(p => p.Active))
            yield return Kernel(new UsePressureRequest(Id(), p.Bo));
    }

    /// <summary>A client the timeline starts waits for that event instead of its start frame.</summary>
    private bool HasEvent<T>(ClientState c, int frame) where T : TimelineEvent =>
        scenario.Timeline.OfType<T>().Any(e => e switch
        {
            ClientStart s => s.Client == c.Spec.Name && s.Frame >= frame,
            _ => false,
        });

    private IEnumerable<MachineStep> Apply(TimelineEvent e, int frame)
    {
        switch (e)
        {
            case VramPressure p:
            {
                if (!_present.Contains(_t.IndexOf(p.Device))) yield break;
                yield return Kernel(new VramPressureRequest(Id(), p.Device, p.Bytes, p.LeaveFree, p.Pinned));
                var reply = Last<VramPressureReply>();
                if (reply.Errno == Errno.None)
                    _pressure.Add(new ActivePressure(p.Device, reply.Value, p.Frames > 0 ? frame + p.Frames : -1, p.Active));
                break;
            }
            case MoveWindow m:
            {
                var c = Client(m.Client);
                c.Spec = c.Spec with { Output = m.Output };
                if (!c.Running) yield break;
                yield return Compositor(new PlaceSurface(Id(), m.Client, m.Output));
                foreach (var step in Feedback(Last<CompositorStepDone>(), deviceLost: false)) yield return step;
                break;
            }
            case ClientStart s when !Client(s.Client).Running:
                foreach (var step in StartClient(Client(s.Client), frame)) yield return step;
                break;
            case ClientStop s when Client(s.Client).Running:
                foreach (var step in StopClient(Client(s.Client))) yield return step;
                break;
            case UnplugDevice u:
            {
                var device = _t.IndexOf(u.Device);
                if (!_present.Contains(device)) yield break;
                yield return Kernel(new UnplugRequest(Id(), u.Device));
                if (Last<UnplugReply>().Errno != Errno.None) yield break;
                _present.Remove(device);
                _pressure.RemoveAll(p => p.Device == u.Device);
                yield return Compositor(new DeviceChanged(Id(), u.Device, false));
                foreach (var step in Feedback(Last<CompositorStepDone>(), deviceLost: true)) yield return step;
                break;
            }
            case ReplugDevice r:
            {
                var device = _t.IndexOf(r.Device);
                if (_present.Contains(device)) yield break;
                yield return Kernel(new ReplugRequest(Id(), r.Device));
                if (Last<ReplugReply>().Errno != Errno.None) yield break;
                _present.Add(device);
                yield return Compositor(new DeviceChanged(Id(), r.Device, true));
                foreach (var step in Feedback(Last<CompositorStepDone>(), deviceLost: false)) yield return step;
                break;
            }
            case KnobChange k:
            {
                yield return Kernel(new SetKnobRequest(Id(), k.Knob, k.Value));
                var reply = Last<SetKnobReply>();
                if (reply.Errno == Errno.None) yield return Compositor(new KernelCapabilities(Id(), reply.Value));
                break;
            }
        }
    }

    private IEnumerable<MachineStep> StartClient(ClientState c, int frame)
    {
        c.Running = true;
        yield return Compositor(new PlaceSurface(Id(), c.Spec.Name, c.Spec.Output));
        var placed = Last<CompositorStepDone>();
        var feedback = placed.Feedback.First(f => f.Client == c.Spec.Name).Feedback;
        yield return Client(c, new ClientFeedback(Id(), feedback, PresentIds(), false));
        foreach (var step in Forward(c, Last<ClientStepDone>())) yield return step;
        yield return Client(c, new StartClient(Id(), frame));
        foreach (var step in Forward(c, Last<ClientStepDone>())) yield return step;
    }

    private IEnumerable<MachineStep> StopClient(ClientState c)
    {
        c.Running = false;
        yield return Client(c, new StopClient(Id()));
        foreach (var step in Forward(c, Last<ClientStepDone>())) yield return step;
        c.RenderDevice = null;
    }

    /// <summary>New feedback for running clients; each reconsiders its allocation.</summary>
    private IEnumerable<MachineStep> Feedback(CompositorStepDone done, bool deviceLost)
    {
        foreach (var f in done.Feedback)
        {
            var c = _clients.FirstOrDefault(x => x.Spec.Name == f.Client);
            if (c is not { Running: true }) continue;
            yield return Client(c, new ClientFeedback(Id(), f.Feedback, PresentIds(), deviceLost));
            foreach (var step in Forward(c, Last<ClientStepDone>())) yield return step;
        }
    }

    /// <summary>The machine carries a client's Wayland requests to the compositor, in order.</summary>
    private IEnumerable<MachineStep> Forward(ClientState c, ClientStepDone done)
    {
        c.RenderDevice = done.RenderDevice;
        if (done.Destroyed.Length > 0) yield return Compositor(new DestroyBuffers(Id(), c.Spec.Name, done.Destroyed));
        if (done.Created.Length > 0) yield return Compositor(new CreateBuffers(Id(), c.Spec.Name, done.Created));
        if (done.Committed is { } key) yield return Compositor(new CommitBuffer(Id(), c.Spec.Name, key));
    }

    /// <summary>R22: a frame misses on an output when any device (or the CPU) on its path ran over the output's budget.</summary>
    private void Account(long[] frameGpu, long frameCpu, ImmutableArray<OutputPath> outputs)
    {
        Add(_gpu, [.. frameGpu]);
        _cpu += frameCpu;
        foreach (var o in outputs)
        {
            var index = Array.IndexOf(_outputs, o.Output);
            var budget = CostModel.FrameBudgetNanos(_t.Output(o.Output)!);
            var over = o.Dropped || o.Cpu && frameCpu > budget
                       || o.Devices.Any(d => frameGpu[_t.IndexOf(d)] > budget);
            if (over) _missed[index]++;
        }
    }

    private ImmutableArray<string> PresentIds() => [.. _present.Order().Select(d => _t.Devices[d].Id)];

    private static void Add(long[] into, ImmutableArray<long> values)
    {
        for (var i = 0; i < into.Length && i < values.Length; i++) into[i] += values[i];
    }

    private static MachineStep Kernel(IKernelRequest request) => new(StepTarget.Kernel, null, request);

    private static MachineStep Compositor(ICompositorCommand command) => new(StepTarget.Compositor, null, command);

    private static MachineStep Client(ClientState c, IClientCommand command) => new(StepTarget.Client, c.Spec.Name, command);
}
