using System.Collections.Immutable;
using System.Text;
using Emulation.Actors.Uapi;

namespace Emulation.Tests.Kernel.Properties;

/// <summary>A random sequence broke a property; the message holds the scenario and the concrete trace.</summary>
public sealed class SequenceFailure(string message) : Exception(message);

/// <summary>
/// Runs one scenario: boots the topology, opens a primary (and render) node per device, interprets
/// each abstract step against the live state, and after every step checks the properties
/// (<see cref="ModelChecks"/>). At the end it closes everything and expects nothing to be left.
/// </summary>
public sealed class SequenceRunner
{
    private readonly Scenario _scenario;
    private readonly List<string> _trace = [];
    private readonly HashSet<int> _seenFiles = [];
    private readonly HashSet<int> _seenFds = [];
    private readonly HashSet<int> _seenPressure = [];
    private KernelState _s;

    private readonly SequenceStats? _stats;

    private SequenceRunner(Scenario scenario, SequenceStats? stats)
    {
        _scenario = scenario;
        _stats = stats;
        _s = KernelState.Boot(scenario.Topology.Build(), scenario.Knobs);
        _incremental = new IncrementalInvariantChecker(_s, mirrorFrom: 0);
    }

    /// <summary>Follows every step: it must find what the full checker finds (nothing, in these sequences) from the keys each step wrote.</summary>
    private readonly IncrementalInvariantChecker _incremental;

    /// <summary>Runs the scenario; throws <see cref="SequenceFailure"/> on the first broken property.</summary>
    public static void Run(Scenario scenario, SequenceStats? stats = null) => new SequenceRunner(scenario, stats).Run();

    /// <summary>Operations run by all sequences of this process (for the suite's own statistics).</summary>
    public static long OperationsRun => Interlocked.Read(ref _operationsRun);

    private static long _operationsRun;

    private void Run()
    {
        for (var d = 0; d < _s.Devices.Length; d++)
        {
            Step($"open(d{d}, primary)", s => Outcome.Of(s.Apply(new Open(DeviceId(d), false))), readOnly: false);
            if (_s.Spec(d).HasRenderNode) Step($"open(d{d}, render)", s => Outcome.Of(s.Apply(new Open(DeviceId(d), true))), readOnly: false);
        }
        foreach (var op in _scenario.Ops)
            Apply(op);
        Interlocked.Add(ref _operationsRun, _scenario.Ops.Count);
        TearDown();
    }

    // ---- interpreting one abstract step ---------------------------------------------------------

    private void Apply(Op op)
    {
        switch (op.Kind)
        {
            case OpKind.Open:
            {
                var device = Device(op.A);
                var render = op.B % 2 == 1;
                var expect = device < 0 || device >= _s.Devices.Length ? Errno.ENOENT
                    : !_s.Devices[device].Present ? Errno.ENODEV
                    : render && !_s.Spec(device).HasRenderNode ? Errno.ENOENT : Errno.None;
                Step($"open(d{device}, {(render ? "render" : "primary")})", s => Outcome.Of(s.Apply(new Open(DeviceId(device), render))), expect: expect, allowed: Fx.None);
                break;
            }
            case OpKind.CloseFile:
            {
                var file = File(op.A);
                Step($"close-file(F{file})", s => Outcome.Of(s.Apply(new CloseFile(file))),
                    expect: _s.Files.ContainsKey(file) ? Errno.None : Errno.EBADF, allowed: Fx.Unpin);
                break;
            }
            case OpKind.CreateDumb:
            {
                var file = File(op.A);
                var width = op.B % 17 == 0 ? 0u : (uint)(16 + op.B * 37 % 1009);
                var height = op.C % 19 == 0 ? 0u : (uint)(16 + op.C * 53 % 1021);
                uint[] bpps = [8, 16, 24, 32, 32];
                var bpp = bpps[op.C % bpps.Length];
                var expect = FileErrno(file) ?? (_s.Files[file].RenderNode ? Errno.EACCES : width == 0 || height == 0 ? Errno.EINVAL : (Errno?)null);
                Step($"create(F{file}, {width}x{height}x{bpp})", s => Outcome.Of(s.Apply(new CreateDumb(file, width, height, bpp))),
                    expect: expect, allowed: Fx.Evict | Fx.Notify);
                break;
            }
            case OpKind.Alloc:
            {
                var file = File(op.A);
                var bytes = op.B % 97 == 0 ? 0 : (1 + op.B % 6) * DeviceSpec.MiB - (op.C % 7 == 0 ? KernelOperations.PageSize : 0);
                var placement = PlacementFor(file, op.B / 6);
                var only = op.C % 3 == 0;
                var contiguous = op.C % 5 == 0;
                var expect = FileErrno(file) ?? (bytes <= 0 || !_s.Spec(_s.Files[file].Device).Allocatable.Has(placement) ? Errno.EINVAL : null);
                Step($"alloc(F{file}, {bytes}, {placement.Name()}{(only ? ", only" : "")}{(contiguous ? ", contiguous" : "")})",
                    s => Outcome.Of(s.Apply(new Alloc(file, bytes, placement, Support.Machine.Flags(only, contiguous)))), expect: expect, allowed: Fx.Evict | Fx.Notify);
                break;
            }
            case OpKind.GemClose:
            {
                var (file, handle) = Handle(op.A, op.B);
                Step($"gem-close(F{file}, h{handle})", s => Outcome.Of(s.Apply(new GemClose(file, handle))),
                    expect: FileErrno(file) ?? (_s.Files[file].Handles.ContainsKey(handle) ? Errno.None : Errno.EINVAL), allowed: Fx.Unpin);
                break;
            }
            case OpKind.Export:
            {
                var (file, handle) = Handle(op.A, op.B);
                uint[] good = [0, ExportFlags.CloExec, ExportFlags.ReadWrite, ExportFlags.CloExec | ExportFlags.ReadWrite];
                var flags = op.C % 10 == 0 ? (uint)(1 << (op.C / 10 % 32)) | ExportFlags.CloExec : good[op.C % 4];
                var expect = FileErrno(file) ?? ((flags & ~ExportFlags.Valid) != 0 ? Errno.EINVAL
                    : _s.Files[file].Handles.ContainsKey(handle) ? Errno.None : Errno.ENOENT);
                Step($"export(F{file}, h{handle}, 0x{flags:x})", s => Outcome.Of(s.Apply(new Export(file, handle, flags))),
                    expect: expect, allowed: Fx.None, check: (b, o) => ModelChecks.ExportFollowsR3(b, o, file));
                break;
            }
            case OpKind.Import:
            {
                var fd = Fd(op.B);
                var file = ImporterFile(op.A, fd);
                var flags = op.C % 2 == 0 ? 0u : ImportFlagsOf(op.C / 2);
                Step($"import(F{file}, fd{fd}, 0x{flags:x})", s => Outcome.Of(s.Apply(new Import(file, fd, flags))),
                    expect: FileErrno(file) ?? (_s.Fds.ContainsKey(fd) ? null : Errno.EBADF),
                    allowed: Fx.Migrate | Fx.Evict | Fx.Pin | Fx.Notify, check: (b, o) => ModelChecks.ImportFollowsR4ToR6(b, o, file));
                break;
            }
            case OpKind.ImportBadFd:
            {
                var file = File(op.A);
                var kind = (BadFdKind)(op.B % 3);
                Step($"import-bad-fd(F{file}, {kind})", s => Outcome.Of(s.Apply(new ImportBadFd(file, kind))), readOnly: true,
                    expect: FileErrno(file) ?? (kind == BadFdKind.Closed ? Errno.EBADF : Errno.EINVAL));
                break;
            }
            case OpKind.CloseFd:
            {
                var fd = Fd(op.A);
                Step($"close-fd(fd{fd})", s => Outcome.Of(s.Apply(new CloseFd(fd))), expect: FdErrno(fd) ?? Errno.None, allowed: Fx.None);
                break;
            }
            case OpKind.Dup:
            {
                var fd = Fd(op.A);
                Step($"dup(fd{fd})", s => Outcome.Of(s.Apply(new Dup(fd))), expect: FdErrno(fd) ?? Errno.None, allowed: Fx.None);
                break;
            }
            case OpKind.SeekEnd:
            {
                var fd = Fd(op.A);
                Step($"seek-end(fd{fd})", s => Outcome.Of(s.Apply(new SeekEnd(fd))), readOnly: true, expect: FdErrno(fd) ?? Errno.None);
                break;
            }
            case OpKind.SeekBad:
            {
                var fd = Fd(op.A);
                Step($"seek-bad(fd{fd})", s => Outcome.Of(s.Apply(new SeekBad(fd))), readOnly: true, expect: FdErrno(fd) ?? Errno.EINVAL);
                break;
            }
            case OpKind.Write:
            {
                var fd = Fd(op.A);
                var value = (uint)op.B;
                var expect = FdErrno(fd) ?? (_s.DmaBufs[_s.Fds[fd].DmaBuf].Mode == AccessMode.ReadOnly ? Errno.EACCES : null);
                Step($"write(fd{fd}, {value})", s => Outcome.Of(s.Apply(new Write(fd, value))), expect: expect, allowed: Fx.None);
                break;
            }
            case OpKind.Read:
            {
                var fd = Fd(op.A);
                Step($"read(fd{fd})", s => Outcome.Of(s.Apply(new Read(fd))), readOnly: true, expect: FdErrno(fd));
                break;
            }
            case OpKind.Map:
            {
                var (file, handle) = Handle(op.A, op.B, preferImports: true);
                Step($"map(F{file}, h{handle})", s => Outcome.Of(s.Apply(new Map(file, handle))),
                    expect: HandleErrno(file, handle), allowed: Fx.Migrate | Fx.Evict | Fx.Pin | Fx.Notify);
                break;
            }
            case OpKind.Unmap:
            {
                var (file, handle) = Handle(op.A, op.B, preferImports: true);
                Step($"unmap(F{file}, h{handle})", s => Outcome.Of(s.Apply(new Unmap(file, handle))),
                    expect: HandleErrno(file, handle) ?? Errno.None, allowed: Fx.Unpin);
                break;
            }
            case OpKind.Render:
            {
                var (file, handle) = Handle(op.A, op.B);
                Step($"render(F{file}, h{handle})", s => Outcome.Of(s.Apply(new Render(file, handle))),
                    expect: HandleErrno(file, handle), allowed: Fx.Migrate | Fx.Evict | Fx.Pin | Fx.Notify);
                break;
            }
            case OpKind.Query:
            {
                var (file, handle) = Handle(op.A, op.B);
                Step($"query(F{file}, h{handle})", s => Outcome.Of(s.Apply(new Query(file, handle))), readOnly: true,
                    expect: HandleErrno(file, handle) ?? Errno.None);
                break;
            }
            case OpKind.AddFramebuffer:
            {
                var (file, handle) = Handle(op.A, op.B);
                Step($"addfb(F{file}, h{handle})", s => Outcome.Of(s.Apply(new AddFramebuffer(file, handle))),
                    expect: FileErrno(file) ?? (_s.Files[file].RenderNode ? Errno.EACCES : null), allowed: Fx.None);
                break;
            }
            case OpKind.Scanout:
            {
                var (file, handle) = Handle(op.A, op.B);
                var outputs = _s.Topology.AllOutputs.Select(o => o.Name).Append("nowhere").ToList();
                var output = op.C % 10 == 9 ? "nowhere" : OutputOf(file, op.C, outputs);
                Step($"scanout(F{file}, h{handle}, {output})", s => Outcome.Of(s.Apply(new Scanout(file, handle, output))),
                    expect: FileErrno(file) ?? (_s.Files[file].RenderNode ? Errno.EACCES : null));
                break;
            }
            case OpKind.Pressure:
            {
                var withLocal = Enumerable.Range(0, _s.Devices.Length).Where(d => _s.Spec(d).Profile.HasLocalMemory && _s.Devices[d].Present).ToList();
                var device = op.A % 4 == 3 || withLocal.Count == 0 ? Device(op.A / 4) : withLocal[op.A / 4 % withLocal.Count];
                var bytes = op.B % 53 == 0 ? 0 : (1 + op.B % 6) * DeviceSpec.MiB;
                var expect = device < 0 || device >= _s.Devices.Length ? Errno.ENOENT : !_s.Devices[device].Present ? Errno.ENODEV : (Errno?)null;
                if (op.C % 5 == 4)
                    Step($"pinned-pressure(d{device}, {bytes})", s => Outcome.Of(s.Apply(new Pressure(DeviceId(device), bytes, Pinned: true))), expect: expect,
                        allowed: Fx.Evict | Fx.Notify | Fx.Pin);
                else if (op.C % 5 == 3 && PressureObjects().FirstOrDefault() is var used and > 0)
                    Step($"use-pressure(O{used})", s => Outcome.Of(s.Apply(new UsePressure(used))), allowed: Fx.Migrate | Fx.Evict | Fx.Notify);
                else
                    Step($"pressure(d{device}, {bytes})", s => Outcome.Of(s.Apply(new Pressure(DeviceId(device), bytes))), expect: expect, allowed: Fx.Evict | Fx.Notify);
                break;
            }
            case OpKind.ReleasePressure:
            {
                var live = PressureObjects();
                var bo = Pick(op.A, live, _seenPressure);
                var pinned = live.Contains(bo) && _s.Objects[bo].Origin == BoOrigin.PinnedPressure;
                Step($"release-pressure(O{bo})", s => Outcome.Of(s.Apply(new ReleasePressure(DeviceOfObject(bo), bo))),
                    expect: live.Contains(bo) ? Errno.None : Errno.ENOENT, allowed: pinned ? Fx.Unpin : Fx.None);
                break;
            }
            case OpKind.Unplug:
            {
                var device = Device(op.A, present: true);
                var expect = device < 0 || device >= _s.Devices.Length ? Errno.ENOENT : !_s.Devices[device].Present ? Errno.ENODEV : Errno.None;
                Step($"unplug(d{device})", s => Outcome.Of(s.Apply(new Unplug(DeviceId(device)))), expect: expect, allowed: Fx.Unpin);
                break;
            }
            case OpKind.Replug:
            {
                var device = Device(op.A, present: false);
                var expect = device < 0 || device >= _s.Devices.Length ? Errno.ENOENT : _s.Devices[device].Present ? Errno.EINVAL : Errno.None;
                Step($"replug(d{device})", s => Outcome.Of(s.Apply(new Replug(DeviceId(device)))), expect: expect, allowed: Fx.None);
                break;
            }
            case OpKind.SetKnob:
            {
                var name = Knobs.Names[op.A % Knobs.Names.Count];
                var values = Knobs.ValuesOf(name);
                var value = values[op.B % values.Count];
                Step($"knob {name}={value}", s => Outcome.Of(s.Apply(new SetKnob(name, value))));
                break;
            }
            case OpKind.Tick:
            {
                // Emulated time passes (a frame, or a long pause that refills every move budget): R14's throttle.
                var micros = op.A % 4 == 0 ? 250_000L : 16_667L * (1 + op.B % 3);
                Step($"tick {micros}us", s => Outcome.Of(s.Apply(new Tick(micros))), allowed: Fx.None);
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op.Kind, null);
        }
    }

    /// <summary>Mostly a placement the file's device can allocate in (preferring its own memory), sometimes any.</summary>
    private Placement PlacementFor(int file, int choice)
    {
        Placement[] all = [Placement.Vram, Placement.Gtt, Placement.System, Placement.Cma, Placement.Carveout];
        if (choice % 6 == 5 || !_s.Files.TryGetValue(file, out var f)) return all[choice / 6 % all.Length];
        var spec = _s.Spec(f.Device);
        var own = spec.Allocatable.InChainOrder().ToList();
        return choice % 2 == 0 && spec.Profile.HasLocalMemory ? spec.Profile.LocalMemory : own[choice / 2 % own.Count];
    }

    private static uint ImportFlagsOf(int bits)
    {
        var flags = 0u;
        if ((bits & 1) != 0) flags |= ImportFlags.NoMove;
        if ((bits & 2) != 0) flags |= ImportFlags.SameDevice;
        if ((bits & 4) != 0) flags |= ImportFlags.Dynamic;
        if ((bits & 8) != 0) flags |= 0x100;
        return flags;
    }

    // ---- choosing ids: mostly live ones, sometimes stale or bad ----------------------------------

    /// <summary>One choice in eight is bad: 0, a stale (or live) id seen before, or a never-used one.</summary>
    private static int Pick(int choice, IReadOnlyList<int> live, HashSet<int> seen)
    {
        if (choice % 8 == 7 || live.Count == 0)
        {
            switch (choice / 8 % 3)
            {
                case 0: return 0;
                case 1 when seen.Count > 0: return seen.ElementAt(choice % seen.Count);
                default: return 1000 + choice;
            }
        }
        return live[choice % live.Count];
    }

    /// <summary>A device's topology id; an index outside the topology names no device.</summary>
    private string DeviceId(int device) => device >= 0 && device < _s.Devices.Length ? _s.Spec(device).Id : "no-such-device";

    /// <summary>The device of an object (a pressure allocation's), or the first device when there is no such object.</summary>
    private string DeviceOfObject(int bo) => _s.Spec(_s.Objects.TryGetValue(bo, out var o) ? o.Device : 0).Id;

    private int Device(int choice) => choice % 16 == 15 ? (choice % 2 == 0 ? -1 : _s.Devices.Length) : choice % _s.Devices.Length;

    /// <summary>Three times in four a device that is (or is not) present, so that unplug and replug mostly do something.</summary>
    private int Device(int choice, bool present)
    {
        var wanted = Enumerable.Range(0, _s.Devices.Length).Where(d => _s.Devices[d].Present == present).ToList();
        return choice % 4 == 3 || wanted.Count == 0 ? Device(choice / 4) : wanted[choice / 4 % wanted.Count];
    }

    /// <summary>Mostly a file whose device is present (one in eight: any open file, dead ones included).</summary>
    private int File(int choice) => Pick(choice, Files(choice, _ => true), _seenFiles);

    private List<int> Files(int choice, Func<DrmFile, bool> filter)
    {
        var any = _s.Files.Values.Where(filter).ToList();
        var live = any.Where(_s.IsLive).ToList();
        return (choice % 8 == 6 || live.Count == 0 ? any : live).Select(f => f.Id).ToList();
    }

    private int Fd(int choice) => Pick(choice, _s.Fds.Keys.ToList(), _seenFds);

    /// <summary>Three times in four a file of another device than the fd's exporter (a foreign import).</summary>
    private int ImporterFile(int choice, int fd)
    {
        if (choice % 4 != 3 && _s.Fds.TryGetValue(fd, out var f) && _s.DmaBufs.TryGetValue(f.DmaBuf, out var d))
        {
            var foreign = Files(choice / 4, file => file.Device != d.ExporterDevice);
            if (foreign.Count > 0 && choice % 8 != 7) return foreign[choice / 4 % foreign.Count];
        }
        return File(choice);
    }

    private (int File, int Handle) Handle(int fileChoice, int handleChoice, bool preferImports = false)
    {
        // Prefer files that have handles (for map and unmap: imported ones) so that most uses hit something.
        bool Wanted(int bo) => !preferImports || _s.Objects[bo].IsImport;
        var withHandles = Files(fileChoice, f => f.Handles.Values.Any(Wanted));
        if (withHandles.Count == 0) withHandles = Files(fileChoice, f => f.Handles.Count > 0);
        var file = Pick(fileChoice, withHandles.Count > 0 ? withHandles : _s.Files.Keys.ToList(), _seenFiles);
        var all = _s.Files.TryGetValue(file, out var f) ? f.Handles : ImmutableSortedDictionary<int, int>.Empty;
        var handles = all.Where(p => Wanted(p.Value)).Select(p => p.Key).ToList();
        if (handles.Count == 0 || handleChoice % 5 == 4) handles = all.Keys.ToList();
        if (handleChoice % 8 == 7 || handles.Count == 0)
            return (file, (handleChoice / 8 % 3) switch { 0 => 0, 1 => 1 + handleChoice % 8, _ => 1000 + handleChoice });
        return (file, handles[handleChoice % handles.Count]);
    }

    private string OutputOf(int file, int choice, List<string> outputs)
    {
        // Mostly an output of the file's own device.
        if (_s.Files.TryGetValue(file, out var f) && choice % 4 != 3)
        {
            var own = _s.Topology.Devices[f.Device].Outputs;
            if (own.Length > 0) return own[choice % own.Length].Name;
        }
        return outputs[choice % outputs.Count];
    }

    // ---- running and checking one step -----------------------------------------------------------

    /// <summary>EBADF for a file that is not open, ENODEV for one whose device is gone (R20), else null.</summary>
    private Errno? FileErrno(int file) =>
        !_s.Files.TryGetValue(file, out var f) ? Errno.EBADF : _s.IsLive(f) ? null : Errno.ENODEV;

    private Errno? FdErrno(int fd) => _s.Fds.ContainsKey(fd) ? null : Errno.EBADF;

    /// <summary>A handle's use: the file's errno first, then ENOENT for a handle it does not have.</summary>
    private Errno? HandleErrno(int file, int handle) =>
        FileErrno(file) ?? (_s.Files[file].Handles.ContainsKey(handle) ? null : Errno.ENOENT);

    /// <summary>
    /// Runs one step and checks it: the errno when the rules fix it (<paramref name="expect"/>), the kinds
    /// of effect the operation may have, an operation-specific check, and everything in <see cref="ModelChecks"/>.
    /// </summary>
    private void Step(string description, Func<KernelState, Outcome> op, bool readOnly = false, Errno? expect = null,
        Fx allowed = Fx.All, Func<KernelState, Outcome, string?>? check = null)
    {
        var before = _s;
        var outcome = op(before);
        _trace.Add($"{_trace.Count,4}: {description} -> {outcome}");
        var problem = expect is { } e && e != outcome.Errno ? $"expected {e.Name()}, got {outcome.Errno.Name()}" : null;
        problem ??= ModelChecks.AfterStep(before, outcome, readOnly);
        problem ??= ModelChecks.IncrementalCheckAgrees(_incremental, before, outcome);
        if (problem is null && outcome.Errno == Errno.None)
            problem = ModelChecks.OnlyAllowedEffects(outcome, allowed) ?? check?.Invoke(before, outcome);
        if (problem is null)
        {
            // Pure: the same step on the same state gives the same answer.
            var again = op(before);
            if (again.Errno != outcome.Errno || !Equals(again.Value, outcome.Value) || !again.Effects.SequenceEqual(outcome.Effects))
                problem = $"not deterministic: second run gave {again}";
        }
        if (problem is not null) throw Failure(problem);
        _stats?.Count(description, outcome);
        _s = outcome.State;
        Remember(outcome);
    }

    private void Remember(Outcome outcome)
    {
        foreach (var f in _s.Files.Keys) _seenFiles.Add(f);
        foreach (var fd in _s.Fds.Keys) _seenFds.Add(fd);
        if (outcome.Value is int id && _s.Objects.TryGetValue(id, out var bo) && bo.Origin is BoOrigin.Pressure or BoOrigin.PinnedPressure)
            _seenPressure.Add(id);
    }

    /// <summary>Live pressure allocations (pinned or not), in creation order.</summary>
    private List<int> PressureObjects() =>
        _s.Objects.Values.Where(b => b.Origin is BoOrigin.Pressure or BoOrigin.PinnedPressure).Select(b => b.Id).ToList();

    /// <summary>Closes every file and fd and releases every pressure allocation: nothing may be left.</summary>
    private void TearDown()
    {
        foreach (var file in _s.Files.Keys.ToList())
            Step($"teardown close-file(F{file})", s => Outcome.Of(s.Apply(new CloseFile(file))));
        foreach (var fd in _s.Fds.Keys.ToList())
            Step($"teardown close-fd(fd{fd})", s => Outcome.Of(s.Apply(new CloseFd(fd))));
        foreach (var bo in PressureObjects())
            Step($"teardown release-pressure(O{bo})", s => Outcome.Of(s.Apply(new ReleasePressure(DeviceOfObject(bo), bo))));
        var left = new List<string>();
        if (!_s.Objects.IsEmpty) left.Add($"objects {string.Join(", ", _s.Objects.Values)}");
        if (!_s.DmaBufs.IsEmpty) left.Add($"dma-bufs {string.Join(", ", _s.DmaBufs.Values)}");
        if (!_s.Attachments.IsEmpty) left.Add($"attachments {string.Join(", ", _s.Attachments.Values)}");
        if (!_s.Scanouts.IsEmpty) left.Add($"scanouts {string.Join(", ", _s.Scanouts.Values)}");
        for (var i = 0; i < _s.PoolUsed.Length; i++)
            if (_s.PoolUsed[i] != 0) left.Add($"pool {Pools.Name(_s.Topology, i)} still accounts {_s.PoolUsed[i]} bytes");
        if (left.Count > 0) throw Failure("after closing everything, left over: " + string.Join("; ", left));
    }

    private SequenceFailure Failure(string problem)
    {
        var text = new StringBuilder();
        text.AppendLine(problem);
        text.AppendLine(_scenario.ToString());
        text.AppendLine("trace:");
        foreach (var line in _trace) text.AppendLine(line);
        return new SequenceFailure(text.ToString());
    }
}

/// <summary>A <see cref="KernelResult{T}"/> without its type parameter.</summary>
public readonly record struct Outcome(KernelState State, Errno Errno, object? Value, ImmutableArray<KernelEffect> Effects)
{
    /// <summary>The keys the operation says it wrote (<see cref="KernelResult{T}.Changes"/>).</summary>
    public KernelChanges? Changes { get; init; }

    public static Outcome Of<T>(KernelResult<T> r) => new(r.State, r.Errno, r.Value, r.Effects) { Changes = r.Changes };

    public override string ToString() =>
        Errno != Errno.None ? Errno.ToString()
        : $"ok {Value}{(Effects.IsDefaultOrEmpty ? "" : " [" + string.Join(", ", Effects) + "]")}";
}
