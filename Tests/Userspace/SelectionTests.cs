using Emulation.Actors.Userspace;
using Emulation.Actors.Uapi;
using Emulation.Messages.Scenarios;
using Emulation.Messages.Userspace;

namespace Emulation.Tests.Userspace;

/// <summary>Primary-GPU presets, client allocation policies and the copy ladder, as pure decisions.</summary>
public sealed class SelectionTests
{
    private static readonly Topology Desktop = UserspaceRig.Parse("""
        {
          devices = [
            { id = dgpu, driver = amdgpu, outputs = [dp] }
            { id = igpu, driver = i915, boot-vga = true, outputs = [ { name = edp, built-in = true } ] }
            { id = vkms, driver = generic-gem, kind = display-only, outputs = [virtual-1] }
          ]
        }
        """);

    private static readonly HashSet<int> All = [0, 1, 2];

    [Theory]
    [InlineData(PrimaryPreset.FirstListed, "dgpu")]
    [InlineData(PrimaryPreset.BootVga, "igpu")]
    [InlineData(PrimaryPreset.BuiltInPanel, "igpu")]
    [InlineData(PrimaryPreset.Integrated, "igpu")]
    public void Primary_preset_picks_a_render_capable_device(PrimaryPreset preset, string expected) =>
        Assert.Equal(expected, Desktop.Devices[PrimarySelection.Choose(Desktop, All, preset)!.Value].Id);

    [Fact]
    public void A_panel_on_a_display_only_device_makes_its_render_only_partner_primary()
    {
        var soc = UserspaceRig.Parse("""
            { devices = [
                { id = dcss, driver = cma-kms, kind = display-only, outputs = [ { name = dsi, built-in = true } ] }
                { id = gpu, driver = generic-gem, kind = render-only }
            ] }
            """);
        Assert.Equal("gpu", soc.Devices[PrimarySelection.Choose(soc, new HashSet<int> { 0, 1 }, PrimaryPreset.BuiltInPanel)!.Value].Id);
    }

    [Fact]
    public void No_present_renderer_means_no_primary() =>
        Assert.Null(PrimarySelection.Choose(Desktop, new HashSet<int> { 2 }, PrimaryPreset.FirstListed));

    private static readonly Feedback V5 = new(5, "igpu", [new Tranche("dgpu", Scanout: true, Sampling: false), new Tranche("igpu", Scanout: false, Sampling: false)]);
    private static readonly Feedback V6 = new(6, null, [new Tranche("dgpu", Scanout: true, Sampling: true), new Tranche("igpu", Scanout: false, Sampling: true)]);

    private static ClientSpec Client(AllocationPolicy allocation, string? device) =>
        new("c", device, allocation, 2, 640, 480, "XR24", "dp", 60, 0, -1);

    [Fact]
    public void Main_device_clients_allocate_on_their_own_gpu()
    {
        Assert.Equal(new ClientPlacement(1, 1, null), AllocationChoice.Choose(Client(AllocationPolicy.MainDevice, "igpu"), V5, Desktop, All));
        Assert.Equal(new ClientPlacement(1, 1, null), AllocationChoice.Choose(Client(AllocationPolicy.MainDevice, null), V5, Desktop, All));
    }

    [Fact]
    public void Prime_blit_renders_on_its_gpu_into_a_buffer_of_the_main_device()
    {
        var p = AllocationChoice.Choose(Client(AllocationPolicy.PrimeBlit, "dgpu"), V5, Desktop, All)!;
        Assert.Equal((0, 1, true), (p.RenderDevice, p.BufferDevice, p.Blits));
    }

    [Fact]
    public void Tranche_walk_takes_the_first_tranche_it_can_render_on()
    {
        Assert.Equal(new ClientPlacement(0, 0, null), AllocationChoice.Choose(Client(AllocationPolicy.TrancheWalk, "igpu"), V5, Desktop, All));
        var noDgpu = new HashSet<int> { 1, 2 };
        Assert.Equal(new ClientPlacement(1, 1, null), AllocationChoice.Choose(Client(AllocationPolicy.TrancheWalk, "igpu"), V5, Desktop, noDgpu));
    }

    [Fact]
    public void Sampling_device_clients_name_their_device_on_v6_only()
    {
        Assert.Equal(new ClientPlacement(0, 0, 0), AllocationChoice.Choose(Client(AllocationPolicy.SamplingDevice, null), V6, Desktop, All));
        Assert.Equal(new ClientPlacement(0, 0, null), AllocationChoice.Choose(Client(AllocationPolicy.SamplingDevice, null), V5, Desktop, All));
    }

    [Fact]
    public void Copy_ladder_failures_are_sticky_unless_configured_otherwise()
    {
        var sticky = new CopyLadder(CompositorSpec.Default);
        Assert.Equal([CopyRung.ZeroCopy, CopyRung.Blit, CopyRung.GpuCopy, CopyRung.CpuCopy], sticky.Rungs());
        sticky.Failed(CopyRung.ZeroCopy);
        Assert.Equal(CopyRung.Blit, sticky.Rungs().First());
        var retrying = new CopyLadder(CompositorSpec.Default with { StickyFallback = false });
        retrying.Failed(CopyRung.ZeroCopy);
        Assert.Equal(CopyRung.ZeroCopy, retrying.Rungs().First());
        var forced = new CopyLadder(CompositorSpec.Default with { ForcedRung = CopyRung.CpuCopy });
        Assert.Equal([CopyRung.CpuCopy], forced.Rungs());
    }
}
