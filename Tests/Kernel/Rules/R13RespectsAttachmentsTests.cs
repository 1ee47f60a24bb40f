using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Rules;

/// <summary>
/// R13: with respects-attachments (amdgpu by default) the exporter's own submissions leave an attached
/// BO in any allowed placement; when false, the exporter pulls it back to VRAM (R12 fires): with a
/// non-P2P dynamic importer that is ping-pong.
/// </summary>
public class R13RespectsAttachmentsTests
{
    private const long Size = 2 * MiB;

    private sealed record Rig(Machine M, int Client, int ClientHandle, int Bo, int Comp, int Handle)
    {
        public int ImporterBo => M.S.Files[Comp].Handles[Handle];
        public int Attachment => M.Bo(ImporterBo).Attachment;
    }

    /// <summary>An exporter of <paramref name="exporter"/> and a dynamic, non-P2P amdgpu importer that has mapped the BO (now in gtt).</summary>
    private static Rig Mapped(DriverProfile exporter, string respects)
    {
        var m = new Machine(Pair(exporter, DriverProfile.Amdgpu), K("move-notify=true", "respects-attachments=" + respects));
        var client = m.Open(0);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        var comp = m.Open(1);
        var h = m.Import(comp, fd);
        m.Map(comp, h.Handle);
        m.Saw(new MoveNotified(h.Bo, bo.Bo, m.Bo(h.Bo).Attachment),
              new Migrated(bo.Bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Import));
        return new Rig(m, client, bo.Handle, bo.Bo, comp, h.Handle);
    }

    private static void AssertStays(Rig r)
    {
        for (var frame = 0; frame < 3; frame++)
        {
            r.M.Render(r.Client, r.ClientHandle);
            r.M.SawNothing();
            r.M.Render(r.Comp, r.Handle);
            r.M.SawNothing();
        }
        Assert.Equal(Placement.Gtt, r.M.Where(r.Bo));
    }

    private static void AssertPingPong(Rig r)
    {
        for (var frame = 0; frame < 3; frame++)
        {
            r.M.Render(r.Client, r.ClientHandle);
            r.M.Saw(new MoveNotified(r.ImporterBo, r.Bo, r.Attachment),
                    new Migrated(r.Bo, Placement.Gtt, Placement.Vram, Size, MoveCause.Validate));
            r.M.Render(r.Comp, r.Handle);
            r.M.Saw(new MoveNotified(r.ImporterBo, r.Bo, r.Attachment),
                    new Migrated(r.Bo, Placement.Vram, Placement.Gtt, Size, MoveCause.Validate));
        }
    }

    [Fact]
    public void R13_default_amdgpu_exporter_leaves_an_attached_bo_in_gtt()
    {
        Assert.True(DriverProfile.Amdgpu.RespectsAttachments);
        AssertStays(Mapped(DriverProfile.Amdgpu, "default"));
    }

    [Fact]
    public void R13_default_xe_exporter_pulls_back_and_ping_pongs()
    {
        Assert.False(DriverProfile.Xe.RespectsAttachments);
        AssertPingPong(Mapped(DriverProfile.Xe, "default"));
    }

    [Theory]
    [InlineData("amdgpu")]
    [InlineData("xe")]
    public void R13_true_leaves_an_attached_bo_in_gtt(string exporter) =>
        AssertStays(Mapped(DriverProfile.Find(exporter)!, "true"));

    [Theory]
    [InlineData("amdgpu")]
    [InlineData("xe")]
    public void R13_false_pulls_back_to_vram_and_ping_pongs(string exporter) =>
        AssertPingPong(Mapped(DriverProfile.Find(exporter)!, "false"));

    [Fact]
    public void R13_true_leaves_the_bo_in_any_allowed_placement_even_system()
    {
        var t = Pair(DriverProfile.Amdgpu, DriverProfile.Amdgpu).Memory(gtt: 2 * MiB);
        var m = new Machine(t with { Devices = [t.Devices[0].Local(2 * MiB), t.Devices[1]] }, K("move-notify=true", "respects-attachments=true"));
        var client = m.Open(0);
        var bo = m.Alloc(client, Size);
        var fd = m.Export(client, bo.Handle).Fd;
        m.Import(m.Open(1), fd);
        var pressure = m.Pressure(0, 2 * MiB);
        var hog = m.Alloc(client, 2 * MiB, Placement.Gtt, only: true);
        Assert.Equal(Placement.System, m.Where(bo.Bo));
        m.ReleasePressure(pressure);
        m.GemClose(client, hog.Handle);
        m.Render(client, bo.Handle);
        m.SawNothing();
        Assert.Equal(Placement.System, m.Where(bo.Bo));
    }

    [Theory]
    [InlineData("default")]
    [InlineData("true")]
    public void R13_respecting_needs_an_attachment(string respects)
    {
        var r = Mapped(DriverProfile.Amdgpu, respects);
        r.M.GemClose(r.Comp, r.Handle);
        Assert.Empty(r.M.S.Attachments);
        r.M.Render(r.Client, r.ClientHandle);
        r.M.Saw(new Migrated(r.Bo, Placement.Gtt, Placement.Vram, Size, MoveCause.Validate));
    }
}
