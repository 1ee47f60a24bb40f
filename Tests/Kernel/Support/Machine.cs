using System.Collections.Immutable;
using Emulation.Actors.Uapi;

namespace Emulation.Tests.Kernel.Support;

/// <summary>
/// A kernel state under test and the effects of the last successful operation. <c>Ok</c> applies a
/// result that must succeed (and checks the invariants); <c>Fails</c> asserts an errno, that the
/// very same state instance came back, and that no effect was reported.
/// </summary>
internal sealed class Machine
{
    public KernelState S;

    public ImmutableArray<KernelEffect> Effects { get; private set; } = ImmutableArray<KernelEffect>.Empty;

    public Machine(Topology topology, Knobs? knobs = null) => S = KernelState.Boot(topology, knobs ?? Rigs.Base);

    public T Ok<T>(KernelResult<T> r)
    {
        Assert.True(r.Ok, $"expected success, got {r.Errno}");
        S = r.State;
        Effects = r.Effects;
        var violations = InvariantChecker.Check(S);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        return r.Value!;
    }

    public void Fails<T>(Errno expected, Func<KernelState, KernelResult<T>> op)
    {
        var before = S;
        var r = op(before);
        Assert.Equal(expected, r.Errno);
        Assert.Same(before, r.State);
        Assert.True(r.Effects.IsDefaultOrEmpty, $"a failed operation reported effects: {string.Join(", ", r.Effects)}");
    }

    /// <summary>Asserts the exact effects of the last successful operation, in order.</summary>
    public void Saw(params KernelEffect[] expected) => Assert.Equal(expected, Effects.ToArray());

    public void SawNothing() => Assert.Empty(Effects);

    // ---- operations that must succeed ------------------------------------------------------------

    public int Open(int device, bool renderNode = false) => Ok(S.Open(device, renderNode));

    public HandleResult Alloc(int file, long bytes, Placement placement = Placement.Vram, bool only = false, bool contiguous = false) =>
        Ok(S.Alloc(file, bytes, placement, Flags(only, contiguous)));

    public static AllocFlags Flags(bool only, bool contiguous) =>
        (only ? AllocFlags.Only : AllocFlags.None) | (contiguous ? AllocFlags.Contiguous : AllocFlags.None);

    public HandleResult Dumb(int file, uint width = 64, uint height = 64, uint bpp = 32) => Ok(S.CreateDumb(file, width, height, bpp));

    public FdResult Export(int file, int handle, uint flags = ExportFlags.CloExec | ExportFlags.ReadWrite) =>
        Ok(S.Export(file, handle, flags));

    public HandleResult Import(int file, int fd, uint flags = 0) => Ok(S.Import(file, fd, flags));

    public BoInfo Map(int file, int handle) => Ok(S.Map(file, handle));

    public BoInfo Unmap(int file, int handle) => Ok(S.Unmap(file, handle));

    public BoInfo Render(int file, int handle) => Ok(S.Render(file, handle));

    public BoInfo Query(int file, int handle) => Ok(S.Query(file, handle));

    public int GemClose(int file, int handle) => Ok(S.GemClose(file, handle));

    public void CloseFd(int fd) => Ok(S.CloseFd(fd));

    public void CloseFile(int file) => Ok(S.CloseFile(file));

    public BoInfo Scanout(int file, int handle, string output) => Ok(S.Scanout(file, handle, output));

    public BoInfo AddFramebuffer(int file, int handle) => Ok(S.AddFramebuffer(file, handle));

    public int Pressure(int device, long bytes) => Ok(S.Pressure(device, bytes));

    public void UsePressure(int bo) => Ok(S.UsePressure(bo));

    /// <summary>Emulated time passes (R14's move budget refills).</summary>
    public void Tick(long millis) => Ok(S.AdvanceClock(millis * 1000));

    public void ReleasePressure(int bo) => Ok(S.ReleasePressure(bo));

    public void Unplug(int device) => Ok(S.Unplug(device));

    public void Replug(int device) => Ok(S.Replug(device));

    public void SetKnob(string name, string value)
    {
        var knobs = S.Knobs.With(name, value, out var error);
        Assert.Null(error);
        S = S.WithKnobs(knobs);
    }

    // ---- looking at the state --------------------------------------------------------------------

    public GemObject Bo(int id) => S.Objects[id];

    public Placement Where(int bo) => S.Objects[bo].Current;

    public int Pins(int bo) => S.Objects[bo].PinCount;

    public Attachment AttachmentOf(int importerBo) => S.Attachments[S.Objects[importerBo].Attachment];
}
