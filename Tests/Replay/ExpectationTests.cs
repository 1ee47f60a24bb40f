using Emulation.Host.Replay;

namespace Emulation.Tests.Replay;

/// <summary>Each expectation word holds where docs/traces.md says and fails (listed in `failed`) otherwise.</summary>
public class ExpectationTests
{
    /// <summary>Replays a trace whose last line carries the expectations; returns that line.</summary>
    private static ReplayLine Last(string text, Emulation.Actors.Uapi.Topology? topology = null) =>
        ReplayHarness.Run(text, topology).Lines[^1];

    private static void AssertVerdict(ReplayLine line, params string[] failed)
    {
        Assert.Equal<string>(failed, line.Failed);
        Assert.Equal(failed.Length == 0, line.Pass);
    }

    private const string VgemExport = "open A vgem\nopen K vkms\ncreate H A 64 64 32\nexport D A H CLOEXEC|RDWR\n";

    [Fact]
    public void Ok_and_errno_words()
    {
        AssertVerdict(Last("open A vgem => ok"));
        AssertVerdict(Last("open A vgem => EINVAL errno=EINVAL"), "EINVAL", "errno=EINVAL");
        AssertVerdict(Last("open A vkms render => ENOENT errno=ENOENT"));
        AssertVerdict(Last("open A vkms render => ok EBADF errno=EBADF"), "ok", "EBADF", "errno=EBADF");
    }

    [Fact]
    public void Handle_new_old_and_size_words()
    {
        AssertVerdict(Last(VgemExport + "create G A 64 64 32 => handle=2 new size=16384"));
        AssertVerdict(Last(VgemExport + "create G A 64 64 32 => handle=1 old size=4096"), "handle=1", "old", "size=4096");
        AssertVerdict(Last(VgemExport + "import I A D 0 => handle=1 old"));
        AssertVerdict(Last(VgemExport + "import I K D 0 => handle=1 new"));
        AssertVerdict(Last(VgemExport + "seek-end D => size=16384"));
        // a key the line does not have never matches
        AssertVerdict(Last(VgemExport + "read D => handle=1 size=16384 new"), "handle=1", "size=16384", "new");
        AssertVerdict(Last(VgemExport + "create G A 0 64 32 => handle=0 new"), "handle=0", "new");
    }

    [Fact]
    public void Same_and_samebuf_words_look_in_the_lists()
    {
        AssertVerdict(Last(VgemExport + "import I A D 0 => same=H same=I"), "same=I");
        AssertVerdict(Last(VgemExport + "import I K D 0\nimport J K D 0 => same=I same=H"), "same=H");
        AssertVerdict(Last(VgemExport + "dup E D => samebuf=D samebuf=E"), "samebuf=E");
        AssertVerdict(Last(VgemExport + "export E A H 0 => samebuf=D"));
        AssertVerdict(Last(VgemExport + "close-fd D\nexport E A H 0 => samebuf=D"), "samebuf=D");
    }

    [Fact]
    public void Value_word()
    {
        AssertVerdict(Last(VgemExport + "write D 0xdeadbeef\nread D => value=3735928559 value=0xdeadbeef"));
        AssertVerdict(Last(VgemExport + "read D => value=1"), "value=1");
    }

    [Fact]
    public void Placement_pin_count_and_attachments_words()
    {
        AssertVerdict(Last(VgemExport + "import I K D 0 => placement=system pin-count=1 attachments=1"));
        AssertVerdict(Last(VgemExport + "import I K D 0 => placement=gtt pin-count=0 attachments=0 placement=none"),
            "placement=gtt", "pin-count=0", "attachments=0", "placement=none");
        AssertVerdict(Last(VgemExport + "import I K D 0\nunplug vgem\nquery K I => placement=none placement=null pin-count=0"));
        AssertVerdict(Last(VgemExport + "import I K D 0\nunplug vgem\nquery K I => placement=system"), "placement=system");
        // export and dup report a placement too, but no pin count
        AssertVerdict(Last(VgemExport + "dup E D => placement=system pin-count=0"), "pin-count=0");
    }

    /// <summary>The import of a dGPU buffer by the iGPU, on a kernel that pins at first use (pin-timing=map, 6.15 on).</summary>
    private const string LaptopImport = """
        knob pin-timing map
        open C dgpu render
        open W igpu
        alloc B C 33554432 vram
        export D C B CLOEXEC
        import I W D 0

        """;

    [Fact]
    public void Effect_words_concern_the_bo_where_the_pages_are()
    {
        // an importer's use moves and pins the exporter's BO: true of the imported handle
        AssertVerdict(Last(LaptopImport + "render W I => migrated pinned !unpinned", ReplayHarness.Laptop));
        AssertVerdict(Last(LaptopImport + "render W I => !migrated !pinned unpinned", ReplayHarness.Laptop),
            "!migrated", "!pinned", "unpinned");
        AssertVerdict(Last(LaptopImport + "render W I\nunmap W I => unpinned !pinned !migrated", ReplayHarness.Laptop));
        // a BO of another file is not the one a line's effects are about
        AssertVerdict(Last(LaptopImport + "alloc B2 C 4096 vram\nrender W I\nquery C B2 => !migrated !pinned", ReplayHarness.Laptop));
        // the scanout of a new buffer pins it and unpins the previous one: `unpinned` is about the new one
        AssertVerdict(Last("""
            open K vkms
            create F K 64 64 32
            create G K 64 64 32
            scanout K F virtual-1
            scanout K G virtual-1 => pinned !unpinned
            """));
    }

    [Fact]
    public void Effect_words_of_operations_without_a_handle_concern_any_bo()
    {
        AssertVerdict(Last(LaptopImport + "render W I\nclose-file W => unpinned !pinned", ReplayHarness.Laptop));
        AssertVerdict(Last(LaptopImport + "render W I\nunplug dgpu => unpinned", ReplayHarness.Laptop));
    }

    [Fact]
    public void Evicted_and_notified_count_every_bo()
    {
        const string text = """
            knob move-notify true
            open C dgpu render
            open W igpu
            alloc A C 33554432 vram
            alloc B C 33554432 vram
            export D C B CLOEXEC
            import I W D DYNAMIC
            pressure dgpu 8589934592 => evicted=2 notified=1 evicted !migrated
            """;
        AssertVerdict(Last(text, ReplayHarness.Laptop));
        AssertVerdict(Last(text.Replace("evicted=2 notified=1 evicted !migrated", "evicted=1 notified=0 !evicted !notified"), ReplayHarness.Laptop),
            "evicted=1", "notified=0", "!evicted", "!notified");
        AssertVerdict(Last("open A vgem => evicted=0 notified=0 !evicted !notified"));
    }

    [Fact]
    public void A_failed_operation_has_no_effects_and_no_keys()
    {
        AssertVerdict(Last(LaptopImport + "alloc X C 0 vram => !migrated !pinned evicted=0 placement=vram", ReplayHarness.Laptop),
            "placement=vram");
    }
}
