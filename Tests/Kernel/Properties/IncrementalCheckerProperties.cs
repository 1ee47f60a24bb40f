using System.Collections.Immutable;
using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;
using FsCheck.Xunit;
using static Emulation.Tests.Kernel.Support.Rigs;

namespace Emulation.Tests.Kernel.Properties;

/// <summary>
/// The incremental invariant checker against the full one where there is something to find: random operations on a
/// laptop with an eGPU, interleaved with random corruptions of the state by hand (a pin count off, a mapping flag
/// flipped, an entry dropped or made to dangle, a pool's accounting, a device's presence...). After every step the
/// incremental checker, given only what changed (the keys the operation recorded; for a corruption, the real
/// difference), must answer exactly what <see cref="InvariantChecker.Check"/> answers for the whole state, same
/// words and order, old violations included; also when it keeps its mirrors only from some size on, and the states
/// cross it both ways. (The sequence properties check the same on valid states, and that the
/// recorded keys cover the real difference, after every step.) Operations on a corrupted state may throw: such a
/// step is skipped, as the state it would have made never exists.
/// </summary>
public class IncrementalCheckerProperties
{
    private static readonly string[] Devices = ["igpu", "dgpu", "egpu"];
    private static readonly string[] Outputs = ["edp", "hdmi", "dp"];

    private static Topology Machine() =>
        Topo(Dev("igpu", DriverProfile.I915, "edp"), Dev("dgpu", DriverProfile.Amdgpu, "hdmi").Local(64 * MiB),
            Dev("egpu", DriverProfile.Amdgpu, "dp").Local(32 * MiB)).Memory(gtt: 96 * MiB, system: 128 * MiB);

    private static readonly Knobs[] KnobChoices =
    [
        Base, K("move-notify=true"), K("pin-timing=attach"), Knobs.Preset(KernelPreset.V6_12), Knobs.Preset(KernelPreset.V7_1),
    ];

    [Property(MaxTest = 400, Replay = "(20251205,11)", QuietOnSuccess = true)]
    public void Incremental_and_full_checks_agree_after_every_step_of_a_corrupted_machine(int seed, bool corruptOften)
    {
        var rng = new Random(seed);
        var s = KernelState.Boot(Machine(), KnobChoices[rng.Next(KnobChoices.Length)]);
        // Mirrors always, or from a size these states cross both ways (built, dropped, built again).
        var checker = new IncrementalInvariantChecker(s, mirrorFrom: new[] { 0, 0, 8, 20 }[rng.Next(4)]);
        var trace = new List<string>();
        for (var step = 0; step < 160; step++)
        {
            KernelState next;
            KernelChanges? changes;
            string what;
            if (rng.NextDouble() < (corruptOften ? 0.15 : 0.04))
            {
                (what, next) = Corrupt(s, rng);
                changes = StateDiff.Between(s, next);
            }
            else
            {
                var ioctl = RandomOperation(s, rng);
                what = ioctl.ToString()!;
                try
                {
                    (next, var outcome, changes) = s.ApplyTracked(ioctl);
                    what += outcome.Ok ? "" : $" -> {outcome.Errno.Name()}";
                }
                catch (Exception e) when (e is KeyNotFoundException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
                {
                    trace.Add($"{step}: {what} threw {e.GetType().Name} (skipped)");
                    continue;
                }
            }
            trace.Add($"{step}: {what}");
            var found = checker.Check(next, changes);
            var expected = InvariantChecker.Check(next);
            if (!found.SequenceEqual(expected))
                Assert.Fail($"seed {seed}: after\n{string.Join("\n", trace.TakeLast(12))}\nincremental found:\n  {string.Join("\n  ", found)}\nfull found:\n  {string.Join("\n  ", expected)}");
            s = next;
        }
    }

    // ---- random operations -----------------------------------------------------------------------

    private static IIoctl RandomOperation(KernelState s, Random rng)
    {
        int File() => s.Files.IsEmpty || rng.Next(20) == 0 ? rng.Next(1, 9) : s.Files.Keys.ElementAt(rng.Next(s.Files.Count));
        (int File, int Handle) Handle()
        {
            var withHandles = s.Files.Values.Where(f => !f.Handles.IsEmpty).ToList();
            if (withHandles.Count == 0 || rng.Next(20) == 0) return (File(), rng.Next(0, 5));
            var f = withHandles[rng.Next(withHandles.Count)];
            return (f.Id, f.Handles.Keys.ElementAt(rng.Next(f.Handles.Count)));
        }
        int Fd() => s.Fds.IsEmpty || rng.Next(20) == 0 ? rng.Next(1, 9) : s.Fds.Keys.ElementAt(rng.Next(s.Fds.Count));
        int AnyBo() => s.Objects.IsEmpty ? 1 : s.Objects.Keys.ElementAt(rng.Next(s.Objects.Count));
        string Device() => Devices[rng.Next(Devices.Length)];
        Placement[] placements = [Placement.Vram, Placement.Gtt, Placement.System];
        switch (rng.Next(20))
        {
            case 0 or 1: return new Open(Device(), rng.Next(2) == 0);
            case 2: return new CloseFile(File());
            case 3 or 4: return new Alloc(File(), rng.Next(1, 24) * MiB, placements[rng.Next(placements.Length)], (AllocFlags)rng.Next(4));
            case 5: return new CreateDumb(File(), (uint)rng.Next(16, 1024), (uint)rng.Next(16, 1024), 32);
            case 6: { var (f, h) = Handle(); return new GemClose(f, h); }
            case 7 or 8: { var (f, h) = Handle(); return new Export(f, h, ExportFlags.CloExec | ExportFlags.ReadWrite); }
            case 9 or 10: return new Import(File(), Fd(), rng.Next(3) == 0 ? ImportFlags.NoMove : 0);
            case 11: return new CloseFd(Fd());
            case 12: return new Dup(Fd());
            case 13: { var (f, h) = Handle(); return new Map(f, h); }
            case 14: { var (f, h) = Handle(); return new Unmap(f, h); }
            case 15: { var (f, h) = Handle(); return new Render(f, h); }
            case 16: { var (f, h) = Handle(); return rng.Next(2) == 0 ? new Scanout(f, h, Outputs[rng.Next(Outputs.Length)]) : new AddFramebuffer(f, h); }
            case 17: return rng.Next(3) switch
            {
                0 => new Pressure(Device(), rng.Next(1, 48) * MiB, rng.Next(2) == 0),
                1 => new UsePressure(AnyBo()),
                _ => new ReleasePressure(Device(), AnyBo()),
            };
            case 18: return rng.Next(2) == 0 ? new Unplug(Devices[1 + rng.Next(2)]) : new Replug(Devices[1 + rng.Next(2)]);
            default: return new Tick(rng.Next(0, 20_000));
        }
    }

    // ---- random corruptions --------------------------------------------------------------------------

    private static (string, KernelState) Corrupt(KernelState s, Random rng)
    {
        T Pick<T>(IEnumerable<T> items)
        {
            var list = items.ToList();
            return list[rng.Next(list.Count)];
        }
        int Bogus() => rng.Next(3) == 0 ? 0 : 900 + rng.Next(5);
        int SomeBo() => s.Objects.IsEmpty || rng.Next(6) == 0 ? Bogus() : Pick(s.Objects.Keys);
        int SomeDmaBuf() => s.DmaBufs.IsEmpty || rng.Next(6) == 0 ? Bogus() : Pick(s.DmaBufs.Keys);
        int SomeFile() => s.Files.IsEmpty || rng.Next(6) == 0 ? Bogus() : Pick(s.Files.Keys);
        KernelState PutBo(GemObject b) => s with { Objects = s.Objects.SetItem(b.Id, b) };
        KernelState PutAttachment(Attachment a) => s with { Attachments = s.Attachments.SetItem(a.Id, a) };
        KernelState PutFile(DrmFile f) => s with { Files = s.Files.SetItem(f.Id, f) };

        switch (rng.Next(16))
        {
            case 0 when !s.Objects.IsEmpty:
            {
                var bo = Pick(s.Objects.Values);
                return ($"corrupt O{bo.Id}'s pin count", PutBo(bo with { PinCount = bo.PinCount + (rng.Next(2) == 0 ? 1 : -1) }));
            }
            case 1 when !s.Objects.IsEmpty:
            {
                var bo = Pick(s.Objects.Values);
                Placement[] all = [Placement.None, Placement.Vram, Placement.Gtt, Placement.System];
                return rng.Next(3) switch
                {
                    0 => ($"move O{bo.Id} by hand", PutBo(bo with { Current = Pick(all.Where(p => p != Placement.None || !bo.IsImport)) })),
                    1 => ($"narrow O{bo.Id}'s allowed set", PutBo(bo with { Allowed = rng.Next(2) == 0 ? Placements.None : Placements.Gtt })),
                    _ => ($"point O{bo.Id} at attachment or dma-buf", PutBo(bo with { Attachment = rng.Next(2) == 0 ? Bogus() : bo.Attachment, DmaBuf = SomeDmaBuf() })),
                };
            }
            case 2 when !s.Objects.IsEmpty:
            {
                var id = Pick(s.Objects.Keys);
                return ($"drop O{id}", s with { Objects = s.Objects.Remove(id) });
            }
            case 3 when !s.Attachments.IsEmpty:
            {
                var a = Pick(s.Attachments.Values);
                return rng.Next(4) switch
                {
                    0 => ($"flip attachment {a.Id}'s mapping", PutAttachment(a with { Mapped = !a.Mapped })),
                    1 => ($"flip attachment {a.Id}'s mapping pin", PutAttachment(a with { MapPinned = !a.MapPinned })),
                    2 => ($"flip attachment {a.Id}'s attach pin", PutAttachment(a with { AttachPinned = !a.AttachPinned })),
                    _ => ($"repoint attachment {a.Id}", PutAttachment(a with
                    {
                        ExporterBo = rng.Next(3) == 0 ? SomeBo() : a.ExporterBo,
                        ImporterBo = rng.Next(3) == 0 ? SomeBo() : a.ImporterBo,
                        ImporterFile = rng.Next(3) == 0 ? SomeFile() : a.ImporterFile,
                        DmaBuf = rng.Next(3) == 0 ? SomeDmaBuf() : a.DmaBuf,
                    })),
                };
            }
            case 4 when !s.Attachments.IsEmpty:
            {
                var id = Pick(s.Attachments.Keys);
                return ($"drop attachment {id}", s with { Attachments = s.Attachments.Remove(id) });
            }
            case 5 when !s.DmaBufs.IsEmpty:
            {
                var d = Pick(s.DmaBufs.Values);
                return rng.Next(3) switch
                {
                    0 => ($"flip dma-buf {d.Id}'s revocation", s with { DmaBufs = s.DmaBufs.SetItem(d.Id, d with { Revoked = !d.Revoked }) }),
                    1 => ($"repoint dma-buf {d.Id}", s with { DmaBufs = s.DmaBufs.SetItem(d.Id, d with { ExporterBo = SomeBo() }) }),
                    _ => ($"drop dma-buf {d.Id}", s with { DmaBufs = s.DmaBufs.Remove(d.Id) }),
                };
            }
            case 6:
            {
                var id = 800 + rng.Next(5);
                return rng.Next(2) == 0 || s.Fds.IsEmpty
                    ? ($"add fd {id}", s with { Fds = s.Fds.SetItem(id, new DmaBufFd(id, SomeDmaBuf(), false)) })
                    : ($"drop an fd", s with { Fds = s.Fds.Remove(Pick(s.Fds.Keys)) });
            }
            case 7 when !s.Files.IsEmpty:
            {
                var f = Pick(s.Files.Values);
                var h = rng.Next(4) == 0 ? 0 : rng.Next(1, 6);
                return ($"file {f.Id} gets handle {h}", PutFile(f with { Handles = f.Handles.SetItem(h, SomeBo()) }));
            }
            case 8 when s.Files.Values.Any(f => !f.Handles.IsEmpty):
            {
                var f = Pick(s.Files.Values.Where(f => !f.Handles.IsEmpty));
                var h = Pick(f.Handles.Keys);
                return ($"file {f.Id} loses handle {h}", PutFile(f with { Handles = f.Handles.Remove(h) }));
            }
            case 9 when !s.Files.IsEmpty:
            {
                var f = Pick(s.Files.Values);
                var d = SomeDmaBuf();
                return ($"file {f.Id} caches dma-buf {d}", PutFile(f with { PrimeCache = f.PrimeCache.SetItem(d, rng.Next(1, 5)) }));
            }
            case 10 when s.Files.Values.Any(f => !f.PrimeCache.IsEmpty):
            {
                var f = Pick(s.Files.Values.Where(f => !f.PrimeCache.IsEmpty));
                var d = Pick(f.PrimeCache.Keys);
                return ($"file {f.Id} forgets dma-buf {d}", PutFile(f with { PrimeCache = f.PrimeCache.Remove(d) }));
            }
            case 11 when !s.Files.IsEmpty:
            {
                var f = Pick(s.Files.Values);
                return rng.Next(2) == 0
                    ? ($"file {f.Id} gets a framebuffer", PutFile(f with { Framebuffers = f.Framebuffers.SetItem(f.Framebuffers.Count + 1, SomeBo()) }))
                    : ($"file {f.Id} vanishes", s with { Files = s.Files.Remove(f.Id) });
            }
            case 12:
            {
                var output = Pick(Outputs);
                return rng.Next(2) == 0 || s.Scanouts.IsEmpty
                    ? ($"{output} shows something", s with { Scanouts = s.Scanouts.SetItem(output, new ShownBuffer(output, SomeFile(), SomeBo(), SomeBo())) })
                    : ($"an output goes dark by hand", s with { Scanouts = s.Scanouts.Remove(Pick(s.Scanouts.Keys)) });
            }
            case 13:
            {
                var pool = rng.Next(s.PoolUsed.Length);
                return ($"pool {pool} miscounts", s with { PoolUsed = s.PoolUsed.SetItem(pool, s.PoolUsed[pool] + (rng.Next(2) == 0 ? 4096 : -4096)) });
            }
            case 14:
            {
                // An unplugged device back without a new generation makes its objects' missing placements wrong.
                var gone = Enumerable.Range(0, s.Devices.Length).Where(i => !s.Devices[i].Present).ToList();
                var d = gone.Count > 0 && rng.Next(3) > 0 ? Pick(gone) : rng.Next(s.Devices.Length);
                var device = s.Devices[d];
                return ($"device {d} changes by hand", s with
                {
                    Devices = s.Devices.SetItem(d, rng.Next(2) == 0 ? device with { Present = !device.Present } : device with { Generation = device.Generation + 1 }),
                });
            }
            case 15:
                return ("gtt shrinks", s with { Topology = s.Topology.Memory(gtt: rng.Next(1, 96) * MiB, system: 128 * MiB) });
        }
        return ("nothing", s);
    }
}
