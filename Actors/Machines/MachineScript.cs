using System.Collections.Immutable;
using Emulation.Actors.Uapi;
using Emulation.Actors.Userspace.Conversations;
using Emulation.Messages;
using Emulation.Messages.Devices;
using Emulation.Messages.Kernel;
using Emulation.Messages.Pools;
using Emulation.Messages.Machines;
using Emulation.Messages.Scenarios;
using Emulation.Messages.Userspace;

namespace Emulation.Actors.Machines;

/// <summary>
/// What one emulated machine does, one userspace operation at a time: the timeline's events, each
/// client's frame, the compositor's frame, then the frame's accounting (R22 misses, pins in system
/// memory). A coroutine that asks one <see cref="MachineStep"/> at a time on its <see cref="Line"/>: the
/// driver (the machine actor, or the direct runner) delivers each step and hands the answer back.
/// Deterministic: the order of steps depends only on the scenario, the machine's setup and the answers.
/// </summary>
public sealed class MachineScript(ScenarioSpec scenario, MachineSetup setup)
{
    private readonly Topology _topology = setup.Topology;
    private readonly string[] _outputs = [.. setup.Topology.AllOutputs.Select(o => o.Name)];
    private readonly MachineMetrics.Builder _figures = new(MetricShape.Of(setup.Topology));
    private readonly HashSet<int> _present = [];
    /// <summary>The clients in the scenario's order (never a hash collection's order).</summary>
    private readonly List<ClientState> _clients = [];
    private readonly Dictionary<string, ClientState> _clientsByName = new(StringComparer.Ordinal);
    private readonly List<ActivePressure> _pressure = [];
    private long _nextId;

    /// <summary>The machine's line to its kernel, compositor and clients: one step asked at a time.</summary>
    public Conversation Line { get; } = new();

    /// <summary>The step the script waits on, or null.</summary>
    public MachineStep? Waiting => Line.Question as MachineStep;

    /// <summary>The machine's figures, once the script has run to its end.</summary>
    public MachineMetrics? Result { get; private set; }

    /// <summary>Invariant violations the kernel described (the first few), for the report's run object.</summary>
    public ImmutableArray<string> ViolationDetails { get; private set; } = [];

    private ClientState Client(string name) => _clientsByName[name];

    private sealed class ClientState(ClientSpec spec)
    {
        public ClientSpec Spec { get; set; } = spec;
        public bool Running { get; set; }
        public string? RenderDevice { get; set; }
    }

    private sealed record ActivePressure(string Device, int Bo, int Until, bool Active);

    private long Id() => ++_nextId;

    public async Coroutine Run()
    {
        for (var device = 0; device < _topology.Devices.Length; device++)
            if (_topology.Devices[device].InitiallyPresent) _present.Add(device);
        foreach (var spec in setup.Clients)
        {
            var client = new ClientState(spec);
            _clients.Add(client);
            _clientsByName[spec.Name] = client;
        }

        await Compositor(new StartCompositor(Id(), PresentIds()));
        for (var frame = 0; frame < scenario.Frames; frame++)
        {
            await BeginFrame(frame);
            var frameGpu = new long[_topology.Devices.Length];
            long frameCpu = 0;
            foreach (var client in _clients.Where(c => c.Running))
            {
                var done = await Client(client, new RenderFrame(Id(), frame));
                Add(frameGpu, done.GpuNanos);
                frameCpu += done.CpuNanos;
                await Forward(client, done);
            }
            var devices = _clients.Where(c => c.Running && c.RenderDevice is not null)
                .Select(c => new ClientDevice(c.Spec.Name, c.RenderDevice!)).ToImmutableArray();
            var composited = await Compositor(new CompositeFrame(Id(), frame, devices));
            Add(frameGpu, composited.GpuNanos);
            frameCpu += composited.CpuNanos;
            _figures.AddPerKey(Metrics.Copies, composited.Copies).Add(Metrics.BytesCopied, composited.BytesCopied);
            // The kernel's moves of the frame cost their buffers' devices (R22), in this frame.
            var ended = await Line.Ask<FrameEnded>(new MachineStep(StepTarget.Kernel, null, new EndFrame(Id(), FrameMicros(frame))));
            Add(frameGpu, ended.MoveNanos);
            Account(frameGpu, frameCpu, composited.Outputs);
            for (var d = 0; d < _topology.Devices.Length; d++)
                await Line.Ask<Delivered>(new MachineStep(StepTarget.Device, _topology.Devices[d].Id, new DeviceFrame(Id(), frame, frameGpu[d]),
                    AnswerExpected: false));
        }

        var counts = await Compositor(new FinishCompositor(Id()));
        var tally = await Line.Ask<KernelTally>(new MachineStep(StepTarget.Kernel, null, new GetTally(Id())));
        var gpu = new long[_topology.Devices.Length];
        for (var d = 0; d < gpu.Length; d++)
            gpu[d] = (await Line.Ask<DeviceStats>(new MachineStep(StepTarget.Device, _topology.Devices[d].Id, new GetDeviceStats(Id())))).FrameNanos;
        var pools = Pools.WithCapacity(_topology);
        var peaks = new long[pools.Count];
        for (var p = 0; p < pools.Count; p++)
            peaks[p] = (await Line.Ask<PoolStats>(new MachineStep(StepTarget.Pool, Pools.Name(_topology, pools[p]), new GetPoolStats(Id())))).PeakUsed;
        ViolationDetails = tally.RecentViolations;
        _figures
            .Add(Metrics.ImportsClean, counts.Clean)
            .Add(Metrics.ImportsMigrated, counts.Migrated)
            .Add(Metrics.ImportsPinned, counts.Pinned)
            .Add(Metrics.ProbesAttempts, counts.ProbeAttempts)
            .Add(Metrics.ProbesFailed, counts.ProbesFailed)
            .Add(Metrics.ProbesFooled, counts.ProbesFooled)
            .Add(Metrics.ProbesFallbacks, counts.Fallbacks)
            .AddPerOwner(Metrics.ImportMigrations, tally.ImportMigrations)
            .AddPerOwner(Metrics.EvictionMigrations, tally.EvictionMigrations)
            .AddPerOwner(Metrics.ValidateMigrations, tally.ValidateMigrations)
            .AddPerOwner(Metrics.BytesMoved, tally.BytesMoved)
            .AddPerOwner(Metrics.MoveMs, tally.MoveNanos)
            .AddPerOwner(Metrics.PinnedInSystem, tally.PinnedInSystem)
            .AddPerOwner(Metrics.MisplacedFrames, tally.MisplacedFrames)
            .AddPerOwner(Metrics.Evictions, tally.Evictions)
            .Add(Metrics.MoveNotifies, tally.MoveNotifies)
            .AddPerOwner(Metrics.PingPongCycles, tally.PingPongCycles)
            .Add(Metrics.ShadowBytes, counts.PeakShadowBytes)
            .AddPerKey(Metrics.GpuUs, gpu)
            .AddPerKey(Metrics.PeakPoolBytes, peaks)
            .Add(Metrics.InvariantViolations, tally.InvariantViolations);
        foreach (var errno in Enum.GetValues<Errno>().Where(e => e != Errno.None))
            _figures.Add(Metrics.ImportsFailed, (int)errno - 1, counts.Failed[(int)errno]);
        Result = _figures.Build();
    }

    /// <summary>Pressure ending, the timeline's events, clients due to start or stop, active pressure at work.</summary>
    private async Coroutine BeginFrame(int frame)
    {
        foreach (var p in _pressure.Where(p => p.Until == frame).ToList())
        {
            _pressure.Remove(p);
            await Device(p.Device, new ReleasePressure(p.Device, p.Bo));
        }
        foreach (var e in scenario.Timeline.Where(e => e.Frame == frame))
            await Apply(e, frame);
        foreach (var client in _clients)
        {
            if (!client.Running && client.Spec.StartFrame == frame && !HasEvent<ClientStart>(client, frame))
                await StartClient(client, frame);
            if (client.Running && client.Spec.StopFrame == frame)
                await StopClient(client);
        }
        foreach (var p in _pressure.Where(p => p.Active))
            await Device(p.Device, new UsePressure(p.Bo));
    }

    /// <summary>A client the timeline starts waits for that event instead of its start frame.</summary>
    private bool HasEvent<T>(ClientState client, int frame) where T : TimelineEvent =>
        scenario.Timeline.OfType<T>().Any(e => e switch
        {
            ClientStart s => s.Client == client.Spec.Name && s.Frame >= frame,
            _ => false,
        });

    private async Coroutine Apply(TimelineEvent e, int frame)
    {
        switch (e)
        {
            case VramPressure p:
            {
                if (!_present.Contains(_topology.IndexOf(p.Device))) return;
                IIoctl<int> allocate = p.LeaveFree >= 0
                    ? new PressureLeaving(p.Device, p.LeaveFree, p.Pinned)
                    : new Pressure(p.Device, p.Bytes, p.Pinned);
                var pressure = await Device(p.Device, allocate);
                if (pressure.Ok)
                    _pressure.Add(new ActivePressure(p.Device, pressure.Value, p.Frames > 0 ? frame + p.Frames : -1, p.Active));
                break;
            }
            case MoveWindow m:
            {
                var client = Client(m.Client);
                client.Spec = client.Spec with { Output = m.Output };
                if (!client.Running) return;
                var placed = await Compositor(new PlaceSurface(Id(), m.Client, m.Output));
                await Feedback(placed, deviceLost: false);
                break;
            }
            case ClientStart s when !Client(s.Client).Running:
                await StartClient(Client(s.Client), frame);
                break;
            case ClientStop s when Client(s.Client).Running:
                await StopClient(Client(s.Client));
                break;
            case UnplugDevice u:
            {
                var device = _topology.IndexOf(u.Device);
                if (!_present.Contains(device)) return;
                if (!(await Device(u.Device, new Unplug(u.Device))).Ok) return;
                _present.Remove(device);
                _pressure.RemoveAll(p => p.Device == u.Device);
                var changed = await Compositor(new DeviceChanged(Id(), u.Device, false));
                await Feedback(changed, deviceLost: true);
                break;
            }
            case ReplugDevice r:
            {
                var device = _topology.IndexOf(r.Device);
                if (_present.Contains(device)) return;
                if (!(await Device(r.Device, new Replug(r.Device))).Ok) return;
                _present.Add(device);
                var changed = await Compositor(new DeviceChanged(Id(), r.Device, true));
                await Feedback(changed, deviceLost: false);
                break;
            }
            case KnobChange k:
            {
                var knobs = await Kernel(new SetKnob(k.Knob, k.Value));
                if (knobs.Ok) await Compositor(new KernelCapabilities(Id(), knobs.Value.Knobs));
                break;
            }
        }
    }

    private async Coroutine StartClient(ClientState client, int frame)
    {
        client.Running = true;
        var placed = await Compositor(new PlaceSurface(Id(), client.Spec.Name, client.Spec.Output));
        var feedback = placed.Feedback.First(f => f.Client == client.Spec.Name).Feedback;
        await Forward(client, await Client(client, new ClientFeedback(Id(), feedback, PresentIds(), false)));
        await Forward(client, await Client(client, new StartClient(Id(), frame)));
    }

    private async Coroutine StopClient(ClientState client)
    {
        client.Running = false;
        await Forward(client, await Client(client, new StopClient(Id())));
        client.RenderDevice = null;
    }

    /// <summary>New feedback for running clients; each reconsiders its allocation.</summary>
    private async Coroutine Feedback(CompositorStepDone done, bool deviceLost)
    {
        foreach (var f in done.Feedback)
        {
            if (_clientsByName.GetValueOrDefault(f.Client) is not { Running: true } client) continue;
            await Forward(client, await Client(client, new ClientFeedback(Id(), f.Feedback, PresentIds(), deviceLost)));
        }
    }

    /// <summary>The machine carries a client's Wayland requests to the compositor, in order.</summary>
    private async Coroutine Forward(ClientState client, ClientStepDone done)
    {
        client.RenderDevice = done.RenderDevice;
        if (done.Destroyed.Length > 0) await Compositor(new DestroyBuffers(Id(), client.Spec.Name, done.Destroyed));
        if (done.Created.Length > 0) await Compositor(new CreateBuffers(Id(), client.Spec.Name, done.Created));
        if (done.Committed is { } key) await Compositor(new CommitBuffer(Id(), client.Spec.Name, key, client.Spec.Work.Damage));
    }

    /// <summary>
    /// R22 for one frame: each present device's time and the CPU's; for each output repainted with new content, the
    /// time of the slowest device (or the CPU) on its path. A frame over the output's budget misses and is late by the
    /// refresh intervals it slipped; a blank one (a committed surface not shown) misses; the others are shown.
    /// </summary>
    private void Account(long[] frameGpu, long frameCpu, ImmutableArray<OutputPath> outputs)
    {
        for (var d = 0; d < frameGpu.Length; d++)
            if (_present.Contains(d)) _figures.Sample(Metrics.GpuMs, d, frameGpu[d]);
        _figures.Sample(Metrics.CpuMs, 0, frameCpu).Add(Metrics.CpuUs, frameCpu);
        foreach (var o in outputs.Where(o => o.Repainted))
        {
            var index = Array.IndexOf(_outputs, o.Output);
            if (o.Blank)
            {
                _figures.Add(Metrics.BlankFrames, index, 1).Add(Metrics.MissedFrames, index, 1);
                continue;
            }
            var budget = CostModel.FrameBudgetNanos(_topology.Output(o.Output)!);
            var slowest = o.Cpu ? frameCpu : 0;
            foreach (var device in o.Devices) slowest = Math.Max(slowest, frameGpu[_topology.IndexOf(device)]);
            _figures.Sample(Metrics.FrameMs, index, slowest).Add(Metrics.ShownFrames, index, 1);
            if (slowest <= budget) continue;
            _figures.Add(Metrics.MissedFrames, index, 1).Add(Metrics.LateFrames, index, (slowest + budget - 1) / budget - 1);
        }
    }

    /// <summary>Frames tick at 60 Hz: frame <paramref name="frame"/> lasts from f/60 s to (f+1)/60 s, in whole microseconds.</summary>
    public static long FrameMicros(int frame) => (frame + 1L) * 1_000_000 / 60 - frame * 1_000_000L / 60;

    private ImmutableArray<string> PresentIds() => [.. _present.Order().Select(d => _topology.Devices[d].Id)];

    private static void Add(long[] into, ImmutableArray<long> values)
    {
        for (var i = 0; i < into.Length && i < values.Length; i++) into[i] += values[i];
    }

    /// <summary>A kernel operation of the machine itself (a knob change): its outcome.</summary>
    private Answer<IoctlOutcome<TResult>> Kernel<TResult>(IIoctl<TResult> ioctl) =>
        Line.Ask<IoctlOutcome<TResult>>(new MachineStep(StepTarget.Kernel, null, new KernelCall(Id(), ioctl)));

    /// <summary>An event for one device (another process's allocation on it, a hot-plug), through its face: its outcome.</summary>
    private Answer<IoctlOutcome<TResult>> Device<TResult>(string device, IIoctl<TResult> ioctl) =>
        Line.Ask<IoctlOutcome<TResult>>(new MachineStep(StepTarget.Device, device, new KernelCall(Id(), ioctl)));

    private Answer<TAnswer> Compositor<TAnswer>(ICompositorCommand<TAnswer> command) where TAnswer : class, IEmulationMessage =>
        Line.Ask<TAnswer>(new MachineStep(StepTarget.Compositor, null, command));

    private Answer<ClientStepDone> Client(ClientState client, IClientCommand command) =>
        Line.Ask<ClientStepDone>(new MachineStep(StepTarget.Client, client.Spec.Name, command));
}
