namespace Emulation.Actors.Uapi;

/// <summary>
/// One operation of the kernel model's surface: an ioctl or syscall a program issues (open, PRIME
/// export and import, GEM close...), or one of the few events the emulator makes happen to a machine
/// (another process's allocation, a hot-plug, a knob change). <see cref="IIoctl{TResult}"/> names the
/// type of its result, so a caller knows at compile time what it gets back.
/// </summary>
/// <remarks>
/// The whole surface is this file, as `include/uapi/drm/drm.h` is the kernel's: one record per
/// operation. The kernel model implements each in its one dispatch table (`IoctlTable` of the kernel
/// project); messages carry them as they are; replay, the property tests, the actors and the direct
/// runner all go through that table. Files, handles, fds and objects are the integers the kernel
/// handed out; devices and outputs are named by their topology ids.
/// </remarks>
public interface IIoctl;

/// <summary>An operation whose successful result is a <typeparamref name="TResult"/>.</summary>
public interface IIoctl<TResult> : IIoctl;

// ---- DRM files ------------------------------------------------------------------------------------

/// <summary>open() of a device's primary node, or its render node: the new DRM file's id. ENOENT for an unknown device or a missing render node.</summary>
public sealed record Open(string Device, bool RenderNode, BufferOwner Owner = BufferOwner.Client) : IIoctl<int>;

/// <summary>close() of a DRM file: its outputs go dark, its handles and framebuffers go.</summary>
public sealed record CloseFile(int File) : IIoctl<Unit>;

// ---- GEM objects ----------------------------------------------------------------------------------

/// <summary>DRM_IOCTL_MODE_CREATE_DUMB: a dumb buffer where the driver keeps them.</summary>
public sealed record CreateDumb(int File, uint Width, uint Height, uint Bpp) : IIoctl<HandleResult>;

/// <summary>A driver's GEM create (amdgpu GEM_CREATE, xe GEM_CREATE...): a buffer preferring a placement.</summary>
public sealed record Alloc(int File, long Bytes, Placement Placement, AllocFlags Flags = AllocFlags.None) : IIoctl<HandleResult>;

/// <summary>DRM_IOCTL_GEM_CLOSE: the closed handle.</summary>
public sealed record GemClose(int File, int Handle) : IIoctl<int>;

// ---- PRIME ----------------------------------------------------------------------------------------

/// <summary>DRM_IOCTL_PRIME_HANDLE_TO_FD; flags from <see cref="ExportFlags"/> (R2, R3).</summary>
public sealed record Export(int File, int Handle, uint Flags) : IIoctl<FdResult>;

/// <summary>DRM_IOCTL_PRIME_FD_TO_HANDLE; flags from <see cref="ImportFlags"/> (R4-R18).</summary>
public sealed record Import(int File, int Fd, uint Flags) : IIoctl<HandleResult>;

/// <summary>FD_TO_HANDLE of something that is no dma-buf: always fails (EINVAL, or EBADF for a closed fd).</summary>
public sealed record ImportBadFd(int File, BadFdKind Kind) : IIoctl<Unit>;

// ---- dma-buf fds ----------------------------------------------------------------------------------

/// <summary>close() of a dma-buf fd (R21).</summary>
public sealed record CloseFd(int Fd) : IIoctl<Unit>;

/// <summary>dup() of a dma-buf fd: a new fd of the same dma-buf, CLOEXEC clear.</summary>
public sealed record Dup(int Fd) : IIoctl<FdResult>;

/// <summary>lseek(SEEK_END): the buffer's size.</summary>
public sealed record SeekEnd(int Fd) : IIoctl<long>;

/// <summary>Any other lseek: EINVAL.</summary>
public sealed record SeekBad(int Fd) : IIoctl<Unit>;

/// <summary>Writes 4 bytes at offset 0 through the dma-buf's mmap (EACCES when it is read-only).</summary>
public sealed record Write(int Fd, uint Value) : IIoctl<Unit>;

/// <summary>Reads the 4 bytes at offset 0 through the dma-buf's mmap.</summary>
public sealed record Read(int Fd) : IIoctl<uint>;

// ---- use of a buffer ------------------------------------------------------------------------------

/// <summary>The importer maps an imported buffer (R9, R10; a re-map after move-notify may migrate again, R12).</summary>
public sealed record Map(int File, int Handle) : IIoctl<BoInfo>;

/// <summary>The importer releases its mapping: a pinning mapping unpins (R11).</summary>
public sealed record Unmap(int File, int Handle) : IIoctl<BoInfo>;

/// <summary>A GPU draws into a buffer: its owner validates it (R13, R14), an importer maps it (R9, R10).</summary>
public sealed record Render(int File, int Handle) : IIoctl<BoInfo>;

/// <summary>The state of a handle's buffer where its pages are, with no side effect.</summary>
public sealed record Query(int File, int Handle) : IIoctl<BoInfo>;

/// <summary>DRM_IOCTL_MODE_ADDFB2 of a handle (R15).</summary>
public sealed record AddFramebuffer(int File, int Handle) : IIoctl<BoInfo>;

/// <summary>An atomic commit showing a handle on an output: pinned while shown.</summary>
public sealed record Scanout(int File, int Handle, string Output) : IIoctl<BoInfo>;

// ---- what happens to a machine --------------------------------------------------------------------

/// <summary>
/// Another process allocates <paramref name="Bytes"/> of a device's own memory and uses it at once (R14):
/// the allocation's object id. <paramref name="Pinned"/>: that process pins it (a compute job, another
/// session's scan-out), so it is never evicted.
/// </summary>
public sealed record Pressure(string Device, long Bytes, bool Pinned = false) : IIoctl<int>;

/// <summary>Like <see cref="Pressure"/>, sized to take all of the device's own memory but <paramref name="LeaveFree"/> bytes.</summary>
public sealed record PressureLeaving(string Device, long LeaveFree, bool Pinned = false) : IIoctl<int>;

/// <summary>The other process uses its allocation again: its driver validates it back into VRAM (R14).</summary>
public sealed record UsePressure(int Bo) : IIoctl<Unit>;

/// <summary>The other process frees its allocation <paramref name="Bo"/> on <paramref name="Device"/> (ENOENT when it is no pressure allocation of that device).</summary>
public sealed record ReleasePressure(string Device, int Bo) : IIoctl<Unit>;

/// <summary>R20: the device goes; its exports are revoked and every later ioctl on its files fails ENODEV.</summary>
public sealed record Unplug(string Device) : IIoctl<Unit>;

/// <summary>R20: a fresh device with the same id; files of the old one stay ENODEV.</summary>
public sealed record Replug(string Device) : IIoctl<Unit>;

/// <summary>
/// One knob by its name and value word (`no-move` = `placement`). EINVAL for an unknown knob or value; the
/// outcome carries the knobs in force either way, and on failure what was expected.
/// </summary>
public sealed record SetKnob(string Name, string Value) : IIoctl<KnobSetting>;

/// <summary>Every knob at once: the knobs now in force.</summary>
public sealed record SetKnobs(Knobs Knobs) : IIoctl<Knobs>;

/// <summary>
/// Emulated time passes (<paramref name="Micros"/> microseconds; a trace's `tick MS`, a scenario's frames). The
/// kernel's clock stands still otherwise; it refills the move budget of R14's throttle. EINVAL when negative.
/// </summary>
public sealed record Tick(long Micros) : IIoctl<Unit>;

/// <summary>Bytes resident in one pool ("vram:dgpu", "gtt") and its capacity (ENOENT for an unknown pool).</summary>
public sealed record GetPoolUsage(string Pool) : IIoctl<PoolUsage>;
