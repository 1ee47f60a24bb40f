using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R7: an import flag the kernel does not support is ignored silently: the legacy path runs (so a
/// NO_MOVE "probe" on an old kernel has side effects).
/// </summary>
public class R07UnsupportedFlagsTests
{
    private static (Machine M, int Comp, int Fd, int Bo) Setup(params string[] knobs)
    {
        var m = new Machine(Laptop, K(knobs));
        var client = m.Open(Dgpu, renderNode: true);
        var bo = m.Alloc(client, 4 * MiB);
        var fd = m.Export(client, bo.Handle).Fd;
        return (m, m.Open(Igpu), fd, bo.Bo);
    }

    [Fact]
    public void R7_no_move_probe_on_an_old_kernel_migrates_and_pins()
    {
        var (m, comp, fd, bo) = Setup("no-move=unsupported", "pin-timing=attach");
        m.Import(comp, fd, ImportFlags.NoMove);
        m.Saw(new Migrated(bo, Placement.Vram, Placement.Gtt, 4 * MiB, MoveCause.Import),
              new Pinned(bo, Placement.Gtt, PinHolder.Mapping));
    }

    [Fact]
    public void R7_same_device_flag_is_ignored_when_unsupported()
    {
        var (m, comp, fd, bo) = Setup("same-device=unsupported");
        var h = m.Import(comp, fd, ImportFlags.SameDevice);
        Assert.Equal(bo, m.AttachmentOf(h.Bo).ExporterBo);
    }

    [Fact]
    public void R7_dynamic_flag_is_ignored_without_move_notify()
    {
        var (m, comp, fd, bo) = Setup("move-notify=false");
        var h = m.Import(comp, fd, ImportFlags.Dynamic);
        Assert.False(m.AttachmentOf(h.Bo).Dynamic);
        m.Map(comp, h.Handle);
        m.Saw(new Migrated(bo, Placement.Vram, Placement.Gtt, 4 * MiB, MoveCause.Import),
              new Pinned(bo, Placement.Gtt, PinHolder.Mapping));
    }

    [Theory]
    [InlineData(0x8u)]
    [InlineData(0x80000000u)]
    [InlineData(0xFFFFFFF8u)]
    [InlineData(ImportFlags.NoMove | ImportFlags.SameDevice | ImportFlags.Dynamic)]
    public void R7_unknown_or_unsupported_bits_give_exactly_the_legacy_import(uint flags)
    {
        var (m, comp, fd, _) = Setup("pin-timing=attach");
        var legacy = m.S.Import(comp, fd, 0);
        var flagged = m.S.Import(comp, fd, flags);
        Assert.Equal(Errno.None, flagged.Errno);
        Assert.Equal(legacy.Value, flagged.Value);
        Assert.Equal(legacy.Effects.ToArray(), flagged.Effects.ToArray());
        Assert.Equal(legacy.State.Attachments.Values, flagged.State.Attachments.Values);
        Assert.Equal(legacy.State.Objects.Values, flagged.State.Objects.Values);
    }

    [Fact]
    public void R7_ignored_no_move_flag_fails_only_as_the_legacy_path_does()
    {
        // nvidia refuses a foreign import of a vram buffer: EOPNOTSUPP, not the EINVAL of a NO_MOVE probe.
        var m = new Machine(Pair(DriverProfile.Nvidia, DriverProfile.I915));
        var client = m.Open(0);
        var fd = m.Export(client, m.Alloc(client, MiB).Handle).Fd;
        var comp = m.Open(1);
        m.Fails(Errno.EOPNOTSUPP, s => s.Import(comp, fd, ImportFlags.NoMove));
        m.Fails(Errno.EOPNOTSUPP, s => s.Import(comp, fd, 0));
    }
}
