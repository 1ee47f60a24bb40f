using Emulation.Actors.Uapi;
using Emulation.Messages;
using Xunit.Abstractions;

namespace Emulation.Tests.Devices;

/// <summary>
/// The three stories of the PRIME protocol, told through messages only: requests to the kernel actor
/// and its faces, replies with their effects, and the notifications the faces receive.
/// </summary>
public sealed class PrimeScenarioTests(ITestOutputHelper output) : MachineKernelTestKit("prime-scenarios", output)
{
    [Fact]
    public void Foreign_import_of_a_dgpu_vram_buffer_by_the_igpu_migrates_to_gtt_and_pins_on_first_use()
    {
        var refs = StartKernel(Topologies.IntelAmdLaptop, Knobs.Preset(KernelPreset.V6_15));
        var vram = Subscribe(Pool(refs, "vram:dgpu"), "vram-dgpu");
        var gtt = Subscribe(Pool(refs, "gtt"), "gtt");
        var dgpu = Subscribe(Device(refs, "dgpu"), "dgpu");
        var igpu = Subscribe(Device(refs, "igpu"), "igpu");

        var client = AllocateAndExport(refs, "dgpu", 32 * MiB);
        var compositor = OpenPrimary(refs, "igpu");

        // i915 is a static importer; with pin-timing = map nothing happens at import.
        var import = Call(refs.Kernel, new Import(compositor, client.Fd, 0));
        Assert.Equal(Errno.None, import.Errno);
        Assert.True(import.Value.IsNew);
        Assert.Empty(import.Effects);

        // First use: the mapping pins where amdgpu pins (gtt), so the buffer leaves VRAM first (R9).
        var render = Call(refs.Kernel, new Render(compositor, import.Value.Handle));
        Assert.Equal(Errno.None, render.Errno);
        Assert.Equal<KernelEffect>(
            [
                new Migrated(client.Bo, Placement.Vram, Placement.Gtt, 32 * MiB, MoveCause.Import),
                new Pinned(client.Bo, Placement.Gtt, PinHolder.Mapping),
            ],
            render.Effects);

        // The faces got the same story as messages.
        Assert.Equal(new PlacementChanged(render.RequestId, "vram:dgpu", PoolFlow.Out, client.Bo, "dgpu",
            Placement.Vram, Placement.Gtt, 32 * MiB, PlacementCause.Import), vram.ExpectMsg<PlacementChanged>());
        Assert.Equal(new PlacementChanged(render.RequestId, "gtt", PoolFlow.In, client.Bo, "dgpu",
            Placement.Vram, Placement.Gtt, 32 * MiB, PlacementCause.Import), gtt.ExpectMsg<PlacementChanged>());
        Assert.Equal(new PinChanged(render.RequestId, "dgpu", client.Bo, Placement.Gtt, PinHolder.Mapping, Pinned: true),
            dgpu.ExpectMsg<PinChanged>());

        var vramStats = PoolStatsOf(Pool(refs, "vram:dgpu"), vram);
        Assert.Equal((0L, 1L, 32 * MiB, 0L), (vramStats.MovesIn, vramStats.MovesOut, vramStats.BytesOut, vramStats.EvictionsOut));
        var gttStats = PoolStatsOf(Pool(refs, "gtt"), gtt);
        Assert.Equal((1L, 0L, 32 * MiB), (gttStats.MovesIn, gttStats.MovesOut, gttStats.BytesIn));
        var dgpuStats = DeviceStatsOf(Device(refs, "dgpu"), dgpu);
        Assert.Equal((1L, 0L, 0L, 1L), (dgpuStats.Pins, dgpuStats.Unpins, dgpuStats.MoveNotifies, dgpuStats.Forwarded));
        var igpuStats = DeviceStatsOf(Device(refs, "igpu"), igpu);
        Assert.Equal((0L, 0L, 1L), (igpuStats.Pins, igpuStats.MoveNotifies, igpuStats.Forwarded));

        // A later query, from either side, shows the buffer pinned in GTT with one attachment.
        var query = Call(refs.Kernel, new Query(client.File, client.Handle));
        Assert.Equal(new BoInfo(client.Handle, client.Bo, client.Bo, 1, Placement.Gtt, 1, 1, 32 * MiB, Placement.Vram), query.Value);
        var imported = Call(refs.Kernel, new Query(compositor, import.Value.Handle));
        Assert.Equal((client.Bo, Placement.Gtt, 1), (imported.Value.PagesBo, imported.Value.Placement, imported.Value.PinCount));

        var stats = KernelStatsOf(refs.Kernel);
        Assert.Equal(0, stats.InvariantViolations);
        Assert.True(stats.InvariantChecks > 0);
        Assert.Equal(0, stats.Failures);
        Assert.Equal(new PoolUsage("gtt", 32 * MiB, SystemMemory.Default.GttBytes), stats.Pools.Single(p => p.Pool == "gtt"));
        Assert.Equal(0, stats.Pools.Single(p => p.Pool == "vram:dgpu").Used);
    }

    [Fact]
    public void No_move_probe_of_a_vram_buffer_fails_einval_without_side_effects()
    {
        var refs = StartKernel(Topologies.IntelAmdLaptop);
        var knob = Call(refs.Kernel, new SetKnob("no-move", "placement"));
        Assert.Equal(Errno.None, knob.Errno);
        Assert.Equal(NoMoveSupport.Placement, knob.Value.Knobs.NoMove);

        var vram = Subscribe(Pool(refs, "vram:dgpu"), "vram-dgpu");
        var gtt = Subscribe(Pool(refs, "gtt"), "gtt");
        var dgpu = Subscribe(Device(refs, "dgpu"), "dgpu");
        var igpu = Subscribe(Device(refs, "igpu"), "igpu");

        var client = AllocateAndExport(refs, "dgpu", 32 * MiB);
        var compositor = OpenPrimary(refs, "igpu");
        var before = KernelStatsOf(refs.Kernel);

        // R16: the iGPU cannot reach the dGPU's VRAM where the buffer is now, so the probe fails.
        var probe = Call(refs.Kernel, new Import(compositor, client.Fd, ImportFlags.NoMove));
        Assert.Equal(Errno.EINVAL, probe.Errno);
        Assert.Empty(probe.Effects);
        Assert.Equal(default, probe.Value);

        // Nothing changed: no object, attachment or dma-buf appeared, the buffer is where it was, unpinned,
        // and no face heard of anything (each probe's next message is the stats it asks for).
        var after = KernelStatsOf(refs.Kernel);
        Assert.Equal((before.Objects, before.Attachments, before.DmaBufs, before.Fds, before.Files),
            (after.Objects, after.Attachments, after.DmaBufs, after.Fds, after.Files));
        Assert.Equal<PoolUsage>(before.Pools, after.Pools);
        Assert.Equal(before.Failures + 1, after.Failures);
        Assert.Equal(0, after.InvariantViolations);
        var query = Call(refs.Kernel, new Query(client.File, client.Handle));
        Assert.Equal(new BoInfo(client.Handle, client.Bo, client.Bo, 1, Placement.Vram, 0, 0, 32 * MiB, Placement.Vram), query.Value);
        Assert.Equal(0, PoolStatsOf(Pool(refs, "vram:dgpu"), vram).MovesOut);
        Assert.Equal(0, PoolStatsOf(Pool(refs, "gtt"), gtt).MovesIn);
        Assert.Equal(0, DeviceStatsOf(Device(refs, "dgpu"), dgpu).Pins);
        Assert.Equal(0, DeviceStatsOf(Device(refs, "igpu"), igpu).MoveNotifies);

        // The failed probe left no cache entry behind: a legacy import afterwards is a fresh import.
        var legacy = Call(refs.Kernel, new Import(compositor, client.Fd, 0));
        Assert.Equal(Errno.None, legacy.Errno);
        Assert.True(legacy.Value.IsNew);
    }

    [Fact]
    public void Vram_pressure_on_the_exporter_evicts_and_move_notifies_the_dynamic_importer()
    {
        var refs = StartKernel(Topologies.TwoAmdPeers, Knobs.Default with { MoveNotify = true });
        var vram0 = Subscribe(Pool(refs, "vram:dgpu0"), "vram-dgpu0");
        var gtt = Subscribe(Pool(refs, "gtt"), "gtt");
        var dgpu0 = Subscribe(Device(refs, "dgpu0"), "dgpu0");
        var dgpu1 = Subscribe(Device(refs, "dgpu1"), "dgpu1");

        var client = AllocateAndExport(refs, "dgpu0", 256 * MiB);
        var compositor = OpenPrimary(refs, "dgpu1");

        // amdgpu imports dynamically; over P2P with a resizable BAR its use maps the buffer in VRAM, unpinned (R10).
        var import = Call(refs.Kernel, new Import(compositor, client.Fd, 0));
        Assert.Equal(Errno.None, import.Errno);
        Assert.Empty(import.Effects);
        var render = Call(refs.Kernel, new Render(compositor, import.Value.Handle));
        Assert.Equal(Errno.None, render.Errno);
        Assert.Empty(render.Effects);

        // Another process wants 900 MiB of dgpu0's 1 GiB: TTM evicts the shared buffer, telling the importer first (R12, R14).
        var pressure = Call(Device(refs, "dgpu0"), new Pressure("dgpu0", 900 * MiB));
        Assert.Equal(Errno.None, pressure.Errno);
        Assert.Collection(pressure.Effects,
            e =>
            {
                var n = Assert.IsType<MoveNotified>(e);
                Assert.Equal((import.Value.Bo, client.Bo), (n.Bo, n.ExporterBo));
            },
            e => Assert.Equal(new Evicted(client.Bo, Placement.Vram, Placement.Gtt, 256 * MiB), e));
        var attachment = ((MoveNotified)pressure.Effects[0]).Attachment;

        Assert.Equal(new MoveNotify(pressure.RequestId, "dgpu1", import.Value.Bo, attachment, "dgpu0", client.Bo),
            dgpu1.ExpectMsg<MoveNotify>());
        Assert.Equal(new PlacementChanged(pressure.RequestId, "vram:dgpu0", PoolFlow.Out, client.Bo, "dgpu0",
            Placement.Vram, Placement.Gtt, 256 * MiB, PlacementCause.Eviction), vram0.ExpectMsg<PlacementChanged>());
        Assert.Equal(new PlacementChanged(pressure.RequestId, "gtt", PoolFlow.In, client.Bo, "dgpu0",
            Placement.Vram, Placement.Gtt, 256 * MiB, PlacementCause.Eviction), gtt.ExpectMsg<PlacementChanged>());

        var importerStats = DeviceStatsOf(Device(refs, "dgpu1"), dgpu1);
        Assert.Equal((1L, 0L), (importerStats.MoveNotifies, importerStats.Pins));
        var exporterStats = DeviceStatsOf(Device(refs, "dgpu0"), dgpu0);
        Assert.Equal((0L, 0L, 2L), (exporterStats.MoveNotifies, exporterStats.Pins, exporterStats.Forwarded));
        var vramStats = PoolStatsOf(Pool(refs, "vram:dgpu0"), vram0);
        Assert.Equal((1L, 256 * MiB), (vramStats.EvictionsOut, vramStats.BytesOut));
        Assert.Equal(1, PoolStatsOf(Pool(refs, "gtt"), gtt).EvictionsIn);

        // The buffer now lives in GTT, unpinned; the importer's next use re-maps it there without a move.
        var query = Call(refs.Kernel, new Query(compositor, import.Value.Handle));
        Assert.Equal((Placement.Gtt, 0, 1), (query.Value.Placement, query.Value.PinCount, query.Value.Attachments));
        var again = Call(refs.Kernel, new Render(compositor, import.Value.Handle));
        Assert.Equal(Errno.None, again.Errno);
        Assert.Empty(again.Effects);

        var release = Call(Device(refs, "dgpu0"), new ReleasePressure("dgpu0", pressure.Value));
        Assert.Equal(Errno.None, release.Errno);
        Assert.Equal(0, KernelStatsOf(refs.Kernel).InvariantViolations);
    }
}
