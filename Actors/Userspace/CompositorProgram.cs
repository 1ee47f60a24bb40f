using Emulation.Actors.Uapi;
using Emulation.Actors.Userspace.Conversations;
using Emulation.Messages.Scenarios;
using Emulation.Messages.Userspace;

namespace Emulation.Actors.Userspace;

/// <summary>
/// A Wayland compositor as a program over the kernel: one DRM file per device, a primary GPU by
/// preset, client buffers imported by the policy under test (docs/scenarios.md), each output composited on
/// its render device and brought to its display through the copy ladder, linux-dmabuf feedback per
/// surface, and hot-plug handling (R20, userspace part). Steps are coroutines of kernel calls.
/// </summary>
public sealed partial class CompositorProgram
{
    private readonly Topology _topology;
    private readonly CompositorSpec _spec;
    private readonly KernelPort _kernel;
    private readonly HashSet<int> _present = [];
    private readonly Dictionary<int, int> _files = [];
    private readonly SortedDictionary<string, Surface> _surfaces = new(StringComparer.Ordinal);
    private readonly OutputState[] _outputs;

    public CompositorProgram(Topology topology, CompositorSpec spec, ImportPolicy policy, Knobs knobs, KernelPort kernel)
    {
        _topology = topology;
        _spec = spec;
        Policy = policy;
        Knobs = knobs;
        _kernel = kernel;
        _outputs = topology.Devices
            .SelectMany((device, index) => device.Outputs.Select(output => new OutputState(output, index, new CopyLadder(spec))))
            .ToArray();
    }

    public ImportPolicy Policy { get; }

    /// <summary>The kernel's capabilities as the compositor sees them (DRM caps): the knobs.</summary>
    public Knobs Knobs { get; set; }

    /// <summary>The primary GPU, or null while no present device can render.</summary>
    public int? Primary { get; private set; }
    public IReadOnlySet<int> Present => _present;
    public ImportTally Imports { get; } = new();

    /// <summary>Where this frame's costs and copies go (set by the driver before a composite).</summary>
    public FrameCosts? Costs { get; set; }

    public CompositorFrame? Frame { get; set; }

    /// <summary>Bytes the compositor holds now, and at most, in shadow and copy buffers (the `shadow-bytes` metric).</summary>
    public long CopyBufferBytes { get; private set; }
    public long PeakCopyBufferBytes { get; private set; }

    private void Hold(long bytes)
    {
        CopyBufferBytes += bytes;
        PeakCopyBufferBytes = Math.Max(PeakCopyBufferBytes, CopyBufferBytes);
    }

    private sealed class Surface(string client, string output)
    {
        public string Client { get; } = client;
        public string Output { get; set; } = output;
        public int? Current { get; set; }
        public SortedDictionary<int, Imported> Buffers { get; } = [];
        /// <summary>Committed since its output was last repainted.</summary>
        public bool Dirty { get; set; }
        /// <summary>Commits so far: the content of a buffer is that of the commit that showed it.</summary>
        public long Commits { get; set; }
    }

    /// <summary>A client buffer as the compositor holds it.</summary>
    private sealed class Imported(ClientBuffer buffer, int fd)
    {
        public ClientBuffer Buffer { get; } = buffer;
        public int Fd { get; } = fd;
        /// <summary>The device it was imported on (the one that samples it); null when it is not imported (failed, or its device is gone).</summary>
        public int? Device { get; set; }
        public int Handle { get; set; }
        public Errno Failure { get; set; }
        public bool Classified { get; set; }
        public List<KernelEffect> Effects { get; } = [];
        public Dictionary<int, Shadow> Shadows { get; } = [];
        /// <summary>The commit whose content the buffer holds, and the fraction of it that commit damaged.</summary>
        public long Content { get; set; }
        public double Damage { get; set; } = 1.0;
    }

    /// <summary>
    /// Smithay's dma shadow: the sampling device draws the surface into a linear gtt buffer the render device imports;
    /// <see cref="Content"/> is the commit it was last brought up to (copies happen once per new commit).
    /// </summary>
    private sealed record Shadow(int Device, int Handle, int Fd, int RenderDevice, int RenderHandle, long Bytes)
    {
        public long Content { get; set; } = -1;
    }

    private sealed class OutputState(OutputSpec spec, int device, CopyLadder ladder)
    {
        public OutputSpec Spec { get; } = spec;
        public int Device { get; } = device;
        public CopyLadder Ladder { get; } = ladder;
        public int Flip { get; set; }
        /// <summary>Something other than a commit changed what it shows (a surface came, went or moved; a device changed).</summary>
        public bool NeedsRepaint { get; set; } = true;
        public Dictionary<int, OutputBuffers> ByRenderDevice { get; } = [];
        /// <summary>Scan-out buffers of the output's own device (blit targets, dumb buffers for copies).</summary>
        public int[] BlitTargets { get; } = new int[2];
        public int[] Dumb { get; } = new int[2];
    }

    /// <summary>An output's frames on one render device, and what other devices hold of them.</summary>
    private sealed class OutputBuffers
    {
        public int[] Handle { get; } = new int[2];
        public int[] Fd { get; } = new int[2];
        /// <summary>The output device's import of each frame (zero-copy, blit).</summary>
        public int[] OnDisplay { get; } = new int[2];
        /// <summary>The render device's import of the output device's dumb buffers (GPU copy).</summary>
        public int[] DumbFd { get; } = new int[2];
        public int[] DumbOnRender { get; } = new int[2];
    }

    private int FileOf(int device) => _files.GetValueOrDefault(device);

    private bool Renders(int? device) => device is { } index && _present.Contains(index) && _topology.Devices[index].CanRender();

    /// <summary>Opens every present device and picks the primary GPU.</summary>
    public async Coroutine Start(IEnumerable<int> present)
    {
        foreach (var device in present.Order())
            await OpenDevice(device);
        Primary = PrimarySelection.Choose(_topology, _present, _spec.Primary);
    }

    private async Coroutine OpenDevice(int device)
    {
        var open = await _kernel.Call(new Open(_topology.Devices[device].Id, false, BufferOwner.Compositor));
        if (!open.Ok) return;
        _files[device] = open.Value;
        _present.Add(device);
    }

    /// <summary>A surface appears on an output; on an output that is gone it goes to one that is there.</summary>
    public void AddSurface(string client, string output)
    {
        _surfaces[client] = new Surface(client, Shown(output));
        Repaint(_surfaces[client].Output);
    }

    public void MoveSurface(string client, string output)
    {
        Repaint(_surfaces[client].Output);
        _surfaces[client].Output = Shown(output);
        Repaint(_surfaces[client].Output);
    }

    /// <summary>An output must be repainted whole at its next frame.</summary>
    private void Repaint(string output)
    {
        foreach (var o in _outputs.Where(o => o.Spec.Name == output)) o.NeedsRepaint = true;
    }

    private void RepaintAll()
    {
        foreach (var o in _outputs) o.NeedsRepaint = true;
    }

    /// <summary>The output itself if its device is present, else the first output of the primary (or of any present device).</summary>
    private string Shown(string output)
    {
        if (_topology.DeviceOfOutput(output) is { } device && _present.Contains(device)) return output;
        return _outputs.Where(o => _present.Contains(o.Device)).OrderBy(o => o.Device == Primary ? 0 : 1)
            .Select(o => o.Spec.Name).FirstOrDefault() ?? output;
    }

    /// <summary>wl_surface.commit of a buffer: new content, <paramref name="damage"/> of it changed.</summary>
    public void Commit(string client, int key, double damage = 1.0)
    {
        if (!_surfaces.TryGetValue(client, out var surface) || !surface.Buffers.TryGetValue(key, out var imported)) return;
        surface.Current = key;
        surface.Dirty = true;
        imported.Content = ++surface.Commits;
        imported.Damage = damage;
    }

    /// <summary>The feedback for a client's surface (v6 sampling tranches under client-hint, v5 otherwise).</summary>
    public Feedback FeedbackFor(string client)
    {
        var output = _surfaces.TryGetValue(client, out var surface) ? _topology.DeviceOfOutput(surface.Output) : null;
        return FeedbackPolicy.For(_topology, _present, Primary, output, Policy == ImportPolicy.ClientHint);
    }

    /// <summary>
    /// A device is unplugged (R20, userspace part): its file, imports, outputs and tranches go, a new primary
    /// if it was the primary, and windows shown on its outputs move to an output that is still there.
    /// </summary>
    public async Coroutine DeviceGone(int device)
    {
        if (!_present.Remove(device)) return;
        foreach (var output in _outputs)
            await DropOutputResources(output, device);
        foreach (var surface in _surfaces.Values)
            foreach (var imported in surface.Buffers.Values)
                await DropShadows(imported, device);
        if (_files.Remove(device, out var file)) await _kernel.Call(new CloseFile(file));
        foreach (var surface in _surfaces.Values)
            foreach (var imported in surface.Buffers.Values.Where(b => b.Device == device))
            {
                imported.Device = null;
                imported.Handle = 0;
            }
        if (device == Primary || Primary is null) Primary = PrimarySelection.Choose(_topology, _present, _spec.Primary);
        // Windows on the device's outputs move to an output that is still there.
        foreach (var surface in _surfaces.Values.Where(s => _topology.DeviceOfOutput(s.Output) == device))
            surface.Output = Shown(surface.Output);
        RepaintAll();
    }

    /// <summary>A device is back (a fresh device): the compositor opens it again.</summary>
    public async Coroutine DeviceBack(int device)
    {
        if (_present.Contains(device)) return;
        await OpenDevice(device);
        if (Primary is null) Primary = PrimarySelection.Choose(_topology, _present, _spec.Primary);
        RepaintAll();
    }
}
