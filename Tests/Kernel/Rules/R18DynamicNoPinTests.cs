using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R18: dynamic-no-pin import (DYNAMIC flag): honoured only with move-notify on, otherwise ignored as
/// R7 says; never pins; each use maps per R10; R12/R13 decide bouncing.
/// </summary>
public class R18DynamicNoPinTests
{
    private const long Size = 2 * MiB;

    private static (Machine M, int Client, int ClientHandle, int Bo, int Comp, int Handle) Setup(DriverProfile exporter, DriverProfile importer, params string[] knobs)
    {
        var m = new Machine(Pair(exporter, importer), K(knobs));
        var client = m.Open(0);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(1);
        var h = m.Import(comp, fd, ImportFlags.Dynamic).Handle;
        return (m, client, bo.Handle, bo.Bo, comp, h);
    }

    [Fact]
    public void R18_move_notify_on_dynamic_import_never_pins()
    {
        var (m, _, _, bo, comp, h) = Setup(DriverProfile.Amdgpu, DriverProfile.I915, "move-notify=true");
        m.SawNothing();
        Assert.True(m.AttachmentOf(m.S.Files[comp].Handles[h]).Dynamic);
        m.Map(comp, h);
        var importer = m.S.Files[comp].Handles[h];
        m.Saw(new MoveNotified(importer, bo, m.Bo(importer).Attachment),
              new Migrated(bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Import));
        m.Render(comp, h);
        m.SawNothing();
        Assert.Equal(0, m.Pins(bo));
    }

    [Theory]
    [InlineData("map")]
    [InlineData("attach")]
    public void R18_move_notify_on_dynamic_import_does_not_map_at_import(string pinTiming)
    {
        var (m, _, _, bo, comp, h) = Setup(DriverProfile.Amdgpu, DriverProfile.Nouveau, "move-notify=true", "pin-timing=" + pinTiming);
        m.SawNothing();
        Assert.Equal((Placement.Vram, 0), (m.Where(bo), m.Pins(bo)));
        Assert.False(m.AttachmentOf(m.S.Files[comp].Handles[h]).Mapped);
    }

    [Fact]
    public void R18_move_notify_off_dynamic_flag_is_ignored_and_the_map_pins()
    {
        var (m, _, _, bo, comp, h) = Setup(DriverProfile.Amdgpu, DriverProfile.I915, "move-notify=false");
        Assert.False(m.AttachmentOf(m.S.Files[comp].Handles[h]).Dynamic);
        m.Map(comp, h);
        m.Saw(new Migrated(bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Import),
              new Pinned(bo, Placement.Gtt, PinHolder.Mapping));
    }

    [Fact]
    public void R18_move_notify_on_dynamic_import_bounces_with_an_exporter_that_pulls_back()
    {
        var (m, client, ch, bo, comp, h) = Setup(DriverProfile.Xe, DriverProfile.I915, "move-notify=true");
        m.Map(comp, h);
        var importer = m.S.Files[comp].Handles[h];
        for (var frame = 0; frame < 2; frame++)
        {
            m.Render(client, ch);
            m.Saw(new MoveNotified(importer, bo, m.Bo(importer).Attachment),
                  new Migrated(bo, Placement.Gtt, Placement.Vram, Size, MoveCause.Validate));
            m.Render(comp, h);
            m.Saw(new MoveNotified(importer, bo, m.Bo(importer).Attachment),
                  new Migrated(bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Validate));
        }
        Assert.Equal(0, m.Pins(bo));
    }

    [Fact]
    public void R18_move_notify_on_dynamic_import_stays_put_with_an_exporter_that_respects_attachments()
    {
        var (m, client, ch, bo, comp, h) = Setup(DriverProfile.Amdgpu, DriverProfile.I915, "move-notify=true");
        m.Map(comp, h);
        m.Render(client, ch);
        m.SawNothing();
        m.Render(comp, h);
        m.SawNothing();
        Assert.Equal((Placement.Gtt, 0), (m.Where(bo), m.Pins(bo)));
    }
}
