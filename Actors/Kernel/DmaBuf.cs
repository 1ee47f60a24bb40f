using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

/// <summary>
/// An exported buffer: one open file shared by all its fds. Holds the exporting object alive.
/// Its access mode is fixed by the first export; it is revoked when its exporter is unplugged (R20).
/// </summary>
public sealed record DmaBuf(int Id, int ExporterBo, int ExporterDevice, AccessMode Mode, bool Revoked);

/// <summary>One fd of a dma-buf; CLOEXEC is per fd, a dup has it clear.</summary>
public sealed record DmaBufFd(int Id, int DmaBuf, bool CloExec);
