using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel;

/// <summary>
/// The incremental checker as the machine kernel and replay use it: whole checks while the state is small, mirrors
/// once it is large, the same findings either way; a machine kernel that checks every Nth change still sees every
/// change in between. (Its agreement with the full checker after every operation is in Properties.)
/// </summary>
public class IncrementalInvariantCheckerTests
{
    [Fact]
    public void It_builds_its_mirrors_when_the_state_grows_and_drops_them_when_it_shrinks()
    {
        var s = KernelState.Boot(Laptop, Base);
        var checker = new IncrementalInvariantChecker(s, mirrorFrom: 16);
        Assert.False(checker.Mirrored);
        var file = Apply(ref s, checker, new Open("dgpu", true));
        for (var i = 0; i < 20; i++) Apply(ref s, checker, new Alloc(file, MiB, Placement.Gtt));
        Assert.True(checker.Mirrored);
        Apply(ref s, checker, new CloseFile(file));
        Assert.False(checker.Mirrored);
        Assert.Empty(checker.Violations);
    }

    [Fact]
    public void A_violation_in_a_large_state_is_found_from_the_keys_that_changed_and_stays_until_repaired()
    {
        var s = KernelState.Boot(Laptop, Base);
        var checker = new IncrementalInvariantChecker(s, mirrorFrom: 16);
        var file = Apply(ref s, checker, new Open("dgpu", true));
        var bos = Enumerable.Range(0, 30).Select(_ => s.Apply(new Alloc(file, MiB, Placement.Gtt))).Select(r =>
        {
            checker.Check(r.State, r.Changes);
            s = r.State;
            return r.Value!.Bo;
        }).ToList();
        Assert.True(checker.Mirrored);
        var bad = s with { Objects = s.Objects.SetItem(bos[7], s.Objects[bos[7]] with { PinCount = 1 }) };
        var found = checker.Check(bad, StateDiff.Between(s, bad));
        Assert.Equal(InvariantChecker.Check(bad), found);
        Assert.Equal(Invariant.PinCountMatchesHolders, Assert.Single(found).Invariant);
        // Another operation elsewhere: the violation is still there, as the full checker would say.
        var next = bad.Apply(new Alloc(file, MiB, Placement.Gtt));
        Assert.Equal(InvariantChecker.Check(next.State), checker.Check(next.State, next.Changes));
        Assert.Single(checker.Violations);
    }

    [Fact]
    public void A_machine_kernel_checking_every_third_change_checks_what_all_three_wrote()
    {
        var kernel = new MachineKernel(KernelState.Boot(Laptop, Base), invariantCheckEvery: 3);
        var file = kernel.Apply(new Open("dgpu", true)).Value;
        for (var i = 0; i < 8; i++)
        {
            var made = kernel.Apply(new Alloc(file, MiB, Placement.Vram)).Value;
            kernel.Apply(new Export(file, made.Handle, ExportFlags.CloExec));
        }
        Assert.Equal(17 / 3, kernel.Checks);
        Assert.Equal(0, kernel.Violations);
        kernel.Apply(new CloseFile(file));
        Assert.Equal(18 / 3, kernel.Checks);
        Assert.Equal(0, kernel.Violations);
    }

    private static int Apply(ref KernelState s, IncrementalInvariantChecker checker, IIoctl<int> ioctl)
    {
        var r = s.Apply(ioctl);
        Assert.True(r.Ok, r.Errno.ToString());
        Assert.Equal(InvariantChecker.Check(r.State), checker.Check(r.State, r.Changes));
        s = r.State;
        return r.Value;
    }

    private static void Apply(ref KernelState s, IncrementalInvariantChecker checker, IIoctl<Unit> ioctl)
    {
        var r = s.Apply(ioctl);
        Assert.True(r.Ok, r.Errno.ToString());
        Assert.Equal(InvariantChecker.Check(r.State), checker.Check(r.State, r.Changes));
        s = r.State;
    }

    private static void Apply(ref KernelState s, IncrementalInvariantChecker checker, IIoctl<HandleResult> ioctl)
    {
        var r = s.Apply(ioctl);
        Assert.True(r.Ok, r.Errno.ToString());
        Assert.Equal(InvariantChecker.Check(r.State), checker.Check(r.State, r.Changes));
        s = r.State;
    }
}
