using Emulation.Actors.Uapi;
using Emulation.Messages;
using Emulation.Messages.Scenarios;
using Emulation.Messages.Userspace;

namespace Emulation.Actors.Userspace;

/// <summary>
/// A Wayland client as a program over the kernel: it allocates a swapchain where its allocation policy
/// says (spec 4), renders one buffer per frame at its fps (the owner validates it: R13, R14, R22),
/// and commits it. Each step is a coroutine of kernel requests; what the compositor must hear
/// (buffers created or destroyed, the commit) is left in <see cref="Outbox"/> for the actor to send.
/// </summary>
public sealed partial class ClientProgram(ClientSpec spec, Topology topology, KernelPort kernel)
{
    private const uint ExportFlagsRdwr = ExportFlags.CloExec | ExportFlags.ReadWrite;

    private readonly List<SwapBuffer> _buffers = [];
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
    public FrameCosts? Costs { get; set; }

    private sealed record SwapBuffer(int Key, int Handle, int Fd, long Bytes, int Device, int BlitImport);

    /// <summary>The client starts at a frame: allocates its swapchain per the feedback it holds, draws from then on.</summary>
    public IEnumerable<IKernelRequest> Start(IReadOnlySet<int> present, int frame)
    {
        Running = true;
        _startedAt = frame;
        return Allocate(present);
    }

    /// <summary>The client stops: its buffers and files go.</summary>
    public IEnumerable<IKernelRequest> Stop()
    {
        Running = false;
        return Destroy();
    }

    /// <summary>New feedback (window moved, device gone or back): reallocates when the policy now picks other devices.</summary>
    public IEnumerable<IKernelRequest> Reconsider(IReadOnlySet<int> present, bool deviceLost)
    {
        if (!Running || Feedback is null) yield break;
        var choice = AllocationChoice.Choose(Spec, Feedback, topology, present);
        var stale = deviceLost && Placement is { } p && (!present.Contains(p.RenderDevice) || !present.Contains(p.BufferDevice));
        if (!stale && choice == Placement && _buffers.Count > 0) yield break;
        foreach (var r in Destroy()) yield return r;
        foreach (var r in Allocate(present)) yield return r;
    }

    /// <summary>One frame: render the next buffer of the swapchain (blitting into the shared one for DRI_PRIME) and commit it.</summary>
    public IEnumerable<IKernelRequest> Frame(int frame)
    {
        if (!Running || _buffers.Count == 0 || !RendersIn(frame)) yield break;
        var b = _buffers[_next];
        _next = (_next + 1) % _buffers.Count;
        var render = Placement!.RenderDevice;
        if (b.BlitImport == 0)
        {
            yield return new RenderRequest(kernel.NextId(), _bufferFile, b.Handle);
            var r = kernel.Last<RenderReply>();
            if (r.Errno != Errno.None) yield break;
            Costs?.Access(render, r.Value.Placement, r.Value.PagesDevice, b.Bytes);
        }
        else
        {
            yield return new RenderRequest(kernel.NextId(), _renderFile, _private);
            var own = kernel.Last<RenderReply>();
            if (own.Errno != Errno.None) yield break;
            Costs?.Access(render, own.Value.Placement, render, _privateBytes);
            yield return new RenderRequest(kernel.NextId(), _renderFile, b.BlitImport);
            var blit = kernel.Last<RenderReply>();
            if (blit.Errno != Errno.None) yield break;
            Costs?.Copy(render, own.Value.Placement, render, blit.Value.Placement, blit.Value.PagesDevice, b.Bytes);
        }
        Outbox.Committed = b.Key;
    }

    /// <summary>
    /// Whether the client draws in this frame: frames tick at 60 Hz, a client draws in the frame it starts
    /// and then whenever its fps crosses a frame (a 30 fps client draws every other one).
    /// </summary>
    public bool RendersIn(int frame)
    {
        var n = frame - _startedAt;
        if (n < 0) return false;
        if (n == 0 || Spec.Fps >= 60) return true;
        return (long)n * Spec.Fps / 60 > (long)(n - 1) * Spec.Fps / 60;
    }

    private IEnumerable<IKernelRequest> Allocate(IReadOnlySet<int> present)
    {
        Placement = Feedback is null ? null : AllocationChoice.Choose(Spec, Feedback, topology, present);
        if (Placement is null) yield break;
        var bufferDevice = topology.Devices[Placement.BufferDevice];
        var renderDevice = topology.Devices[Placement.RenderDevice];

        yield return new OpenRequest(kernel.NextId(), bufferDevice.Id, bufferDevice.HasRenderNode);
        var open = kernel.Last<OpenReply>();
        if (open.Errno != Errno.None) yield break;
        _bufferFile = open.Value;
        if (Placement.Blits)
        {
            yield return new OpenRequest(kernel.NextId(), renderDevice.Id, renderDevice.HasRenderNode);
            var openRender = kernel.Last<OpenReply>();
            if (openRender.Errno != Errno.None) yield break;
            _renderFile = openRender.Value;
            _privatePlacement = BufferPlacement.For(renderDevice);
            yield return new AllocRequest(kernel.NextId(), _renderFile, Spec.BufferBytes, _privatePlacement);
            var priv = kernel.Last<AllocReply>();
            if (priv.Errno != Errno.None) yield break;
            _private = priv.Value.Handle;
            _privateBytes = Spec.BufferBytes;
        }

        var placement = BufferPlacement.For(bufferDevice);
        for (var i = 0; i < Spec.Buffers; i++)
        {
            yield return new AllocRequest(kernel.NextId(), _bufferFile, Spec.BufferBytes, placement);
            var alloc = kernel.Last<AllocReply>();
            if (alloc.Errno != Errno.None) yield break;
            yield return new ExportRequest(kernel.NextId(), _bufferFile, alloc.Value.Handle, ExportFlagsRdwr);
            var export = kernel.Last<ExportReply>();
            if (export.Errno != Errno.None) yield break;
            var blitImport = 0;
            if (Placement.Blits)
            {
                yield return new ImportRequest(kernel.NextId(), _renderFile, export.Value.Fd, 0);
                var import = kernel.Last<ImportReply>();
                if (import.Errno != Errno.None) yield break;
                blitImport = import.Value.Handle;
            }
            var key = ++_nextKey;
            _buffers.Add(new SwapBuffer(key, alloc.Value.Handle, export.Value.Fd, Spec.BufferBytes, Placement.BufferDevice, blitImport));
            var sampling = Placement.SamplingDevice is { } s ? topology.Devices[s].Id : null;
            Outbox.Created.Add(new ClientBuffer(key, export.Value.Fd, Spec.BufferBytes, bufferDevice.Id, sampling));
        }
    }

    private IEnumerable<IKernelRequest> Destroy()
    {
        foreach (var b in _buffers)
        {
            Outbox.Destroyed.Add(b.Key);
            yield return new CloseFdRequest(kernel.NextId(), b.Fd);
        }
        _buffers.Clear();
        _next = 0;
        foreach (var file in new[] { _renderFile, _bufferFile }.Where(f => f != 0))
            yield return new CloseFileRequest(kernel.NextId(), file);
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
