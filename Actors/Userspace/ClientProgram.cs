using Emulation.Actors.Uapi;
using Emulation.Actors.Userspace.Conversations;
using Emulation.Messages.Scenarios;
using Emulation.Messages.Userspace;

namespace Emulation.Actors.Userspace;

/// <summary>
/// A Wayland client as a program over the kernel: it allocates a swapchain where its allocation policy
/// says, renders one buffer per frame at its fps (the owner validates it: R13, R14, R22), and commits it.
/// Each step the machine asks for is a coroutine of kernel calls; what the compositor must hear (buffers
/// created or destroyed, the commit) is collected in <see cref="Outbox"/> and sent back in the step's answer.
/// </summary>
public sealed class ClientProgram(ClientSpec spec, Topology topology, KernelPort kernel) : IUserspaceProgram
{
    private const uint ExportFlagsRdwr = ExportFlags.CloExec | ExportFlags.ReadWrite;

    private readonly List<SwapBuffer> _buffers = [];
    private HashSet<int> _present = [];
    private int _bufferFile;
    private int _renderFile;
    private int _private;
    private long _privateBytes;
    private Placement _privatePlacement;
    private int _next;
    private int _nextKey;
    private int _startedAt;

    public ClientSpec Spec { get; } = spec;
    public Feedback? Feedback { get; set; }
    public ClientPlacement? Placement { get; private set; }
    public bool Running { get; private set; }
    public ClientOutbox Outbox { get; } = new();
    public FrameCosts Costs { get; private set; } = new(topology);

    private sealed record SwapBuffer(int Key, int Handle, int Fd, long Bytes, int Device, int BlitImport);

    public bool Accepts(Messages.IEmulationMessage message) => message is IClientCommand;

    async Coroutine<Messages.IEmulationMessage> IUserspaceProgram.Run(Messages.IEmulationMessage command) =>
        await Handle((IClientCommand)command);

    /// <summary>One step the machine asks for; the answer says what it cost and what the compositor must hear.</summary>
    public async Coroutine<ClientStepDone> Handle(IClientCommand command)
    {
        Outbox.Clear();
        Costs = new FrameCosts(topology);
        switch (command)
        {
            case StartClient s:
                await Start(_present, s.Frame);
                break;
            case StopClient:
                await Stop();
                break;
            case RenderFrame f:
                await Frame(f.Frame);
                break;
            case ClientFeedback fb:
                Feedback = fb.Feedback;
                _present = fb.Present.Select(topology.FindDevice).OfType<int>().ToHashSet();
                await Reconsider(_present, fb.DeviceLost);
                break;
            default:
                throw new ArgumentException($"not a client command: {command.GetType().Name}", nameof(command));
        }
        return new ClientStepDone(command.RequestId, [.. Costs.Gpu], Costs.Cpu,
            Placement is { } p ? topology.Devices[p.RenderDevice].Id : null,
            [.. Outbox.Destroyed], [.. Outbox.Created], Outbox.Committed);
    }

    /// <summary>The client starts at a frame: allocates its swapchain per the feedback it holds, draws from then on.</summary>
    public Coroutine Start(IReadOnlySet<int> present, int frame)
    {
        Running = true;
        _startedAt = frame;
        return Allocate(present);
    }

    /// <summary>The client stops: its buffers and files go.</summary>
    public Coroutine Stop()
    {
        Running = false;
        return Destroy();
    }

    /// <summary>New feedback (window moved, device gone or back): reallocates when the policy now picks other devices.</summary>
    public async Coroutine Reconsider(IReadOnlySet<int> present, bool deviceLost)
    {
        if (!Running || Feedback is null) return;
        var choice = AllocationChoice.Choose(Spec, Feedback, topology, present);
        var stale = deviceLost && Placement is { } p && (!present.Contains(p.RenderDevice) || !present.Contains(p.BufferDevice));
        if (!stale && choice == Placement && _buffers.Count > 0) return;
        await Destroy();
        await Allocate(present);
    }

    /// <summary>
    /// One frame (R22): the client's shading (`gpu-ms`) and `touches` passes over the buffer it renders to, at the bandwidth
    /// of where that buffer is; for DRI_PRIME, into its own buffer and then a blit of the whole frame into the shared one.
    /// Then it commits the buffer.
    /// </summary>
    public async Coroutine Frame(int frame)
    {
        if (!Running || _buffers.Count == 0 || !RendersIn(frame)) return;
        var buffer = _buffers[_next];
        _next = (_next + 1) % _buffers.Count;
        var render = Placement!.RenderDevice;
        var work = Spec.Work;
        if (buffer.BlitImport == 0)
        {
            var drawn = await kernel.Call(new Render(_bufferFile, buffer.Handle));
            if (!drawn.Ok) return;
            Costs.Work(render, work.GpuMs);
            Costs.Access(render, drawn.Value.Placement, drawn.Value.PagesDevice, buffer.Bytes * work.Touches);
        }
        else
        {
            var own = await kernel.Call(new Render(_renderFile, _private));
            if (!own.Ok) return;
            Costs.Work(render, work.GpuMs);
            Costs.Access(render, own.Value.Placement, render, _privateBytes * work.Touches);
            var blit = await kernel.Call(new Render(_renderFile, buffer.BlitImport));
            if (!blit.Ok) return;
            Costs.Copy(render, own.Value.Placement, render, blit.Value.Placement, blit.Value.PagesDevice, buffer.Bytes);
        }
        Outbox.Committed = buffer.Key;
    }

    /// <summary>
    /// Whether the client draws in this frame: frames tick at 60 Hz, a client draws in the frame it starts
    /// and then whenever its fps crosses a frame (a 30 fps client draws every other one).
    /// </summary>
    public bool RendersIn(int frame)
    {
        var framesSinceStart = frame - _startedAt;
        if (framesSinceStart < 0) return false;
        if (framesSinceStart == 0 || Spec.Fps >= 60) return true;
        return (long)framesSinceStart * Spec.Fps / 60 > (long)(framesSinceStart - 1) * Spec.Fps / 60;
    }

    private async Coroutine Allocate(IReadOnlySet<int> present)
    {
        Placement = Feedback is null ? null : AllocationChoice.Choose(Spec, Feedback, topology, present);
        if (Placement is null) return;
        var bufferDevice = topology.Devices[Placement.BufferDevice];
        var renderDevice = topology.Devices[Placement.RenderDevice];

        var open = await kernel.Call(new Open(bufferDevice.Id, bufferDevice.HasRenderNode));
        if (!open.Ok) return;
        _bufferFile = open.Value;
        if (Placement.Blits)
        {
            var openRender = await kernel.Call(new Open(renderDevice.Id, renderDevice.HasRenderNode));
            if (!openRender.Ok) return;
            _renderFile = openRender.Value;
            _privatePlacement = BufferPlacement.For(renderDevice);
            var privateBuffer = await kernel.Call(new Alloc(_renderFile, Spec.BufferBytes, _privatePlacement));
            if (!privateBuffer.Ok) return;
            _private = privateBuffer.Value.Handle;
            _privateBytes = Spec.BufferBytes;
        }

        var placement = BufferPlacement.For(bufferDevice);
        for (var i = 0; i < Spec.Buffers; i++)
        {
            var alloc = await kernel.Call(new Alloc(_bufferFile, Spec.BufferBytes, placement));
            if (!alloc.Ok) return;
            var export = await kernel.Call(new Export(_bufferFile, alloc.Value.Handle, ExportFlagsRdwr));
            if (!export.Ok) return;
            var blitImport = 0;
            if (Placement.Blits)
            {
                var import = await kernel.Call(new Import(_renderFile, export.Value.Fd, 0));
                if (!import.Ok) return;
                blitImport = import.Value.Handle;
            }
            var key = ++_nextKey;
            _buffers.Add(new SwapBuffer(key, alloc.Value.Handle, export.Value.Fd, Spec.BufferBytes, Placement.BufferDevice, blitImport));
            var sampling = Placement.SamplingDevice is { } samplingDevice ? topology.Devices[samplingDevice].Id : null;
            Outbox.Created.Add(new ClientBuffer(key, export.Value.Fd, Spec.BufferBytes, bufferDevice.Id, sampling));
        }
    }

    private async Coroutine Destroy()
    {
        foreach (var buffer in _buffers)
        {
            Outbox.Destroyed.Add(buffer.Key);
            await kernel.Call(new CloseFd(buffer.Fd));
        }
        _buffers.Clear();
        _next = 0;
        foreach (var file in new[] { _renderFile, _bufferFile }.Where(f => f != 0))
            await kernel.Call(new CloseFile(file));
        _bufferFile = _renderFile = _private = 0;
        Placement = null;
    }
}

/// <summary>What a client step has to tell its compositor, in order: destroyed buffers, new buffers, a commit.</summary>
public sealed class ClientOutbox
{
    public List<int> Destroyed { get; } = [];
    public List<ClientBuffer> Created { get; } = [];
    public int? Committed { get; set; }

    public void Clear()
    {
        Destroyed.Clear();
        Created.Clear();
        Committed = null;
    }
}
