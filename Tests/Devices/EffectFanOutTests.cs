using System.Collections.Immutable;
using Emulation.Actors.Devices;
using Emulation.Actors.Uapi;
using Emulation.Messages;

namespace Emulation.Tests.Devices;

/// <summary>The pure routing of kernel effects to the faces.</summary>
public sealed class EffectFanOutTests
{
    private const long MiB = 1L << 20;

    [Fact]
    public void Fan_out_routes_moves_to_both_pools_pins_to_the_owner_and_move_notify_to_the_importer()
    {
        var s = KernelState.Boot(Topologies.TwoAmdPeers, Knobs.Default with { MoveNotify = true });
        var client = s.Open(0, true); s = client.State;
        var bo = s.Alloc(client.Value, 256 * MiB, Placement.Vram); s = bo.State;
        var fd = s.Export(client.Value, bo.Value.Handle, ExportFlags.CloExec); s = fd.State;
        var comp = s.Open(1, false); s = comp.State;
        var import = s.Import(comp.Value, fd.Value.Fd, 0); s = import.State;
        var before = s;
        var pressure = s.Pressure(0, 900 * MiB);
        string[] pools = Enumerable.Range(0, Pools.Count(s.Topology)).Select(i => Pools.Name(s.Topology, i)).ToArray();

        var routed = EffectFanOut.Route(42, before, pressure.State, pressure.Effects, pools);

        Assert.Collection(routed,
            n => Assert.Equal(new FaceNotification(FaceKind.Device, 1,
                new MoveNotify(42, "dgpu1", import.Value.Bo, 1, "dgpu0", bo.Value.Bo)), n),
            n => Assert.Equal((FaceKind.Pool, Pools.Index(s.Topology, Placement.Vram, 0), PoolFlow.Out),
                (n.Kind, n.Index, ((PlacementChanged)n.Message).Flow)),
            n => Assert.Equal((FaceKind.Pool, Pools.Index(s.Topology, Placement.Gtt, 0), PoolFlow.In),
                (n.Kind, n.Index, ((PlacementChanged)n.Message).Flow)));
        Assert.Empty(EffectFanOut.Route(43, s, s, ImmutableArray<KernelEffect>.Empty, pools));
    }

    [Fact]
    public void Effects_on_an_object_the_operation_freed_still_reach_its_device()
    {
        var s = KernelState.Boot(Topologies.IntelAmdLaptop);
        var display = s.Open(0, false); s = display.State;
        var dumb = s.CreateDumb(display.Value, 64, 64, 32); s = dumb.State;
        var shown = s.Scanout(display.Value, dumb.Value.Handle, "edp"); s = shown.State;
        var close = s.CloseFile(display.Value);
        Assert.False(close.State.Objects.ContainsKey(dumb.Value.Bo));
        string[] pools = Enumerable.Range(0, Pools.Count(s.Topology)).Select(i => Pools.Name(s.Topology, i)).ToArray();

        var routed = EffectFanOut.Route(7, s, close.State, close.Effects, pools);

        var n = Assert.Single(routed);
        Assert.Equal(new FaceNotification(FaceKind.Device, 0,
            new PinChanged(7, "igpu", dumb.Value.Bo, Placement.Gtt, PinHolder.Scanout, Pinned: false)), n);
    }
}
