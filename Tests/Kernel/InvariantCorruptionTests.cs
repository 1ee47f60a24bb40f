using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel;

/// <summary>
/// For each invariant, a valid state corrupted on purpose (records are immutable: <c>with</c>) must be
/// reported by the checker, and only for that invariant; the incremental checker, following the valid state and
/// told only what the corruption changed, must report exactly the same.
/// </summary>
public class InvariantCorruptionTests
{
    private const int Egpu = 2;

    /// <summary>A valid state with a bit of everything: an import mapped and pinned in gtt, a scanout pinned in vram, a revoked export.</summary>
    private sealed class Valid
    {
        public readonly KernelState S;
        public readonly int Comp, Client, Shared, Shown, Revoked, RevokedAttachment, SharedFd;

        public Valid()
        {
            var m = new Machine(Topo(Dev("igpu", DriverProfile.I915, "edp"), Dev("dgpu", DriverProfile.Amdgpu, "hdmi"), Dev("egpu", DriverProfile.Amdgpu, "dp")));
            Client = m.Open(Dgpu, renderNode: true);
            var shared = m.Alloc(Client, 2 * MiB);
            SharedFd = m.Export(Client, shared.Handle).Fd;
            Comp = m.Open(Igpu);
            m.Map(Comp, m.Import(Comp, SharedFd).Handle);
            var display = m.Open(Dgpu);
            var shown = m.Alloc(display, 2 * MiB);
            m.Scanout(display, shown.Handle, "hdmi");
            var egpu = m.Open(Egpu);
            var gone = m.Alloc(egpu, MiB);
            var goneImport = m.Import(Comp, m.Export(egpu, gone.Handle).Fd);
            m.Unplug(Egpu);
            (S, Shared, Shown, Revoked) = (m.S, shared.Bo, shown.Bo, gone.Bo);
            RevokedAttachment = m.Bo(goneImport.Bo).Attachment;
            Assert.Equal((Placement.Gtt, 1), (m.Where(Shared), m.Pins(Shared)));
            Assert.Equal((Placement.Vram, 1), (m.Where(Shown), m.Pins(Shown)));
            Assert.True(m.S.DmaBufs[m.Bo(Revoked).DmaBuf].Revoked);
        }

        public KernelState Put(GemObject bo) => S with { Objects = S.Objects.SetItem(bo.Id, bo) };

        public KernelState Put(Attachment a) => S with { Attachments = S.Attachments.SetItem(a.Id, a) };
    }

    private static readonly IReadOnlyDictionary<string, (Invariant Invariant, Func<Valid, KernelState> Corrupt)> Corruptions =
        new Dictionary<string, (Invariant, Func<Valid, KernelState>)>
        {
            ["pin count above its holders"] = (Invariant.PinCountMatchesHolders, v => v.Put(v.S.Objects[v.Shared] with { PinCount = 2 })),
            ["pin count below its holders"] = (Invariant.PinCountMatchesHolders, v => v.Put(v.S.Objects[v.Shown] with { PinCount = 0 })),
            ["mapping pin without a mapping"] = (Invariant.PinCountMatchesHolders,
                v => v.Put(v.S.Attachments.Values.First(a => a.ExporterBo == v.Shared) with { Mapped = false })),
            ["pool accounting differs from its objects"] = (Invariant.PoolWithinCapacity,
                v => v.S with { PoolUsed = v.S.PoolUsed.SetItem(Pools.Index(v.S.Topology, Placement.Vram, Dgpu), v.S.PoolUsed[Pools.Index(v.S.Topology, Placement.Vram, Dgpu)] + 4096) }),
            ["pool over its capacity"] = (Invariant.PoolWithinCapacity,
                v => v.S with { Topology = v.S.Topology with { Memory = v.S.Topology.Memory with { GttBytes = MiB } } }),
            ["handle zero"] = (Invariant.HandleTablesConsistent,
                v => v.S with { Files = v.S.Files.SetItem(v.Client, v.S.Files[v.Client] with { Handles = v.S.Files[v.Client].Handles.Add(0, v.Shared).Remove(1) }) }),
            ["cache names a missing handle"] = (Invariant.HandleTablesConsistent,
                v => v.S with { Files = v.S.Files.SetItem(v.Client, v.S.Files[v.Client] with { PrimeCache = v.S.Files[v.Client].PrimeCache.SetItem(v.S.Fds[v.SharedFd].DmaBuf, 7) }) }),
            ["handle of another file's importer object"] = (Invariant.HandleTablesConsistent,
                v => v.S with { Files = v.S.Files.SetItem(v.Client, v.S.Files[v.Client] with { Handles = v.S.Files[v.Client].Handles.Add(9, v.S.Files[v.Comp].Handles[1]) }) }),
            ["object lingers unreferenced"] = (Invariant.NothingFreedWhileReferenced,
                v => v.S with { Objects = v.S.Objects.Add(99, GemObject.Native(id: 99, Egpu, generation: 1, size: MiB, Placement.Vram, Placements.Vram, current: Placement.None, contiguous: false, BoOrigin.Alloc)) }),
            ["fd of a freed dma-buf"] = (Invariant.NothingFreedWhileReferenced,
                v => v.S with { Fds = v.S.Fds.Add(77, new DmaBufFd(77, 55, false)) }),
            ["placement outside the allowed set"] = (Invariant.PlacementAllowed, v => v.Put(v.S.Objects[v.Shown] with { Allowed = Placements.Gtt })),
            ["no placement on a present device"] = (Invariant.PlacementAllowed,
                v => v.Put(v.S.Objects[v.Revoked] with { Device = Dgpu })),
            ["unplugged device back without a new generation"] = (Invariant.PlacementAllowed,
                v => v.S with { Devices = v.S.Devices.SetItem(Egpu, v.S.Devices[Egpu] with { Present = true }) }),
            ["revoked export still mapped"] = (Invariant.RevokedUnusable,
                v => v.Put(v.S.Attachments[v.RevokedAttachment] with { Mapped = true })),
            ["revoked export still has pages"] = (Invariant.RevokedUnusable, RevokedWithPages),
        };

    /// <summary>The revoked object back in vram, with the pool's accounting made to match so that only RevokedUnusable fires.</summary>
    private static KernelState RevokedWithPages(Valid v)
    {
        var s = v.Put(v.S.Objects[v.Revoked] with { Current = Placement.Vram });
        return s with { PoolUsed = s.PoolUsed.SetItem(Pools.Index(s.Topology, Placement.Vram, Egpu), MiB) };
    }

    public static TheoryData<string> Cases => [.. Corruptions.Keys];

    [Fact]
    public void The_valid_state_has_no_violation() => Assert.Empty(InvariantChecker.Check(new Valid().S));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Corruption_is_reported_for_its_invariant_only(string corruption)
    {
        var (invariant, corrupt) = Corruptions[corruption];
        var violations = InvariantChecker.Check(corrupt(new Valid()));
        Assert.NotEmpty(violations);
        Assert.All(violations, v => Assert.Equal(invariant, v.Invariant));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_incremental_checker_reports_the_corruption_as_the_full_one_does(string corruption)
    {
        var (invariant, corrupt) = Corruptions[corruption];
        var valid = new Valid();
        var incremental = new IncrementalInvariantChecker(valid.S, mirrorFrom: 0);
        Assert.Empty(incremental.Violations);
        var corrupted = corrupt(valid);
        var found = incremental.Check(corrupted, StateDiff.Between(valid.S, corrupted));
        Assert.Contains(found, v => v.Invariant == invariant);
        Assert.Equal(InvariantChecker.Check(corrupted), found);
        // It stays reported while nothing repairs it, and goes when the state is valid again.
        Assert.Equal(found, incremental.Check(corrupted, KernelChanges.None));
        Assert.Empty(incremental.Check(valid.S, StateDiff.Between(corrupted, valid.S)));
    }

    [Fact]
    public void Every_invariant_has_a_corruption_test()
    {
        var covered = Corruptions.Values.Select(c => c.Invariant).ToHashSet();
        Assert.All(Enum.GetValues<Invariant>(), i => Assert.Contains(i, covered));
    }

    [Theory]
    [InlineData(Invariant.PinCountMatchesHolders)]
    [InlineData(Invariant.PoolWithinCapacity)]
    [InlineData(Invariant.HandleTablesConsistent)]
    [InlineData(Invariant.NothingFreedWhileReferenced)]
    [InlineData(Invariant.PlacementAllowed)]
    [InlineData(Invariant.RevokedUnusable)]
    public void Corrupting_the_state_is_reported(Invariant invariant)
    {
        foreach (var (_, corrupt) in Corruptions.Values.Where(c => c.Invariant == invariant))
            Assert.Contains(InvariantChecker.Check(corrupt(new Valid())), v => v.Invariant == invariant);
    }
}
