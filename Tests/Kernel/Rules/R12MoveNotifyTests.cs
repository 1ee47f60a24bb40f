using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R12: before an unpinned exported BO leaves vram or gtt, every dynamic attachment gets move-notify
/// and must re-map (possibly re-migrating) on next use.
/// </summary>
public class R12MoveNotifyTests
{
    private const long Size = 2 * MiB;

    private sealed record Rig(Machine M, int Client, int ClientHandle, int Bo, int Comp, int Handle)
    {
        public int ImporterBo => M.S.Files[Comp].Handles[Handle];
        public int Attachment => M.Bo(ImporterBo).Attachment;
    }

    private static Rig Setup(Topology t, params string[] knobs)
    {
        var m = new Machine(t, K(["move-notify=true", .. knobs]));
        var client = m.Open(0);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(1);
        var h = m.Import(comp, fd).Handle;
        return new Rig(m, client, bo.Handle, bo.Bo, comp, h);
    }

    [Fact]
    public void R12_owner_validation_notifies_the_dynamic_importer_before_moving()
    {
        var r = Setup(TwoAmd(), "respects-attachments=false");
        r.M.Map(r.Comp, r.Handle);
        r.M.Render(r.Client, r.ClientHandle);
        r.M.Saw(new MoveNotified(r.ImporterBo, r.Bo, r.Attachment),
                new Migrated(r.Bo, Placement.Gtt, Placement.Vram, Size, MoveCause.Validate));
        Assert.False(r.M.S.Attachments[r.Attachment].Mapped);
    }

    [Fact]
    public void R12_remap_after_move_notify_migrates_again_as_a_validate_move()
    {
        var r = Setup(TwoAmd(), "respects-attachments=false");
        r.M.Map(r.Comp, r.Handle);
        r.M.Render(r.Client, r.ClientHandle);
        r.M.Map(r.Comp, r.Handle);
        r.M.Saw(new MoveNotified(r.ImporterBo, r.Bo, r.Attachment),
                new Migrated(r.Bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Validate));
        Assert.True(r.M.S.Attachments[r.Attachment].Mapped);
    }

    [Fact]
    public void R12_eviction_notifies_a_p2p_importer_whose_mapping_stayed_in_vram()
    {
        var t = TwoAmd(p2p: true, rebar: true);
        var r = Setup(t with { Devices = [t.Devices[0].Local(4 * MiB), t.Devices[1]] });
        r.M.Map(r.Comp, r.Handle);
        r.M.SawNothing();
        r.M.Pressure(0, 4 * MiB);
        r.M.Saw(new MoveNotified(r.ImporterBo, r.Bo, r.Attachment),
                new Evicted(r.Bo, Placement.Vram, Placement.Gtt, Size));
        r.M.Map(r.Comp, r.Handle);
        r.M.SawNothing();
        Assert.Equal(Placement.Gtt, r.M.Where(r.Bo));
    }

    [Fact]
    public void R12_every_dynamic_attachment_is_notified_in_creation_order()
    {
        var r = Setup(TwoAmd(), "respects-attachments=false");
        var fd = r.M.Export(r.Client, r.ClientHandle).Fd;
        var other = r.M.Open(1, renderNode: true);
        var h2 = r.M.Import(other, fd).Handle;
        r.M.Map(r.Comp, r.Handle);
        r.M.Map(other, h2);
        var second = r.M.S.Files[other].Handles[h2];
        r.M.Render(r.Client, r.ClientHandle);
        r.M.Saw(new MoveNotified(r.ImporterBo, r.Bo, r.Attachment),
                new MoveNotified(second, r.Bo, r.M.Bo(second).Attachment),
                new Migrated(r.Bo, Placement.Gtt, Placement.Vram, Size, MoveCause.Validate));
    }

    [Fact]
    public void R12_unmapped_dynamic_attachments_are_notified_too()
    {
        var t = TwoAmd();
        var r = Setup(t with { Devices = [t.Devices[0].Local(2 * MiB), t.Devices[1]] });
        r.M.Pressure(0, 2 * MiB);
        r.M.Saw(new MoveNotified(r.ImporterBo, r.Bo, r.Attachment),
                new Evicted(r.Bo, Placement.Vram, Placement.Gtt, Size));
    }

    [Fact]
    public void R12_static_attachments_get_no_move_notify()
    {
        var t = Laptop;
        var m = new Machine(t with { Devices = [t.Devices[0], t.Devices[1].Local(2 * MiB)] }, K("move-notify=true"));
        var client = m.Open(Dgpu);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        m.Import(m.Open(Igpu), fd);
        m.Pressure(Dgpu, 2 * MiB);
        m.Saw(new Evicted(bo.Bo, Placement.Vram, Placement.Gtt, Size));
    }

    [Fact]
    public void R12_a_move_out_of_system_memory_notifies_nobody()
    {
        var t = TwoAmd().Memory(gtt: 2 * MiB);
        var r = Setup(t with { Devices = [t.Devices[0].Local(2 * MiB), t.Devices[1]] }, "respects-attachments=false");
        var pressure = r.M.Pressure(0, 2 * MiB);
        var gttHog = r.M.Alloc(r.Client, 2 * MiB, Placement.Gtt, only: true);
        r.M.Saw(new MoveNotified(r.ImporterBo, r.Bo, r.Attachment),
                new Evicted(r.Bo, Placement.Gtt, Placement.System, Size));
        r.M.ReleasePressure(pressure);
        r.M.GemClose(r.Client, gttHog.Handle);
        r.M.Render(r.Client, r.ClientHandle);
        r.M.Saw(new Migrated(r.Bo, Placement.System, Placement.Vram, Size, MoveCause.Validate));
    }
}
