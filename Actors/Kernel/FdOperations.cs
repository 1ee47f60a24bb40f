using Emulation.Actors.Uapi;

namespace Emulation.Actors.Kernel;

public static partial class KernelOperations
{
    /// <summary>close() of a dma-buf fd; imported handles stay valid (R21).</summary>
    public static KernelResult<Unit> CloseFd(this KernelState s, int fdId)
    {
        var t = new Txn(s);
        if (!s.Fds.TryGetValue(fdId, out var fd)) return t.Fail<Unit>(Errno.EBADF);
        t.RemoveFd(fdId);
        t.CollectDmaBuf(fd.DmaBuf);
        return t.Commit(default(Unit));
    }

    /// <summary>dup(): a new fd of the same dma-buf, CLOEXEC clear.</summary>
    public static KernelResult<FdResult> Dup(this KernelState s, int fdId)
    {
        var t = new Txn(s);
        if (!s.Fds.TryGetValue(fdId, out var fd)) return t.Fail<FdResult>(Errno.EBADF);
        var id = t.NewFd(fd.DmaBuf, cloExec: false);
        return t.Commit(new FdResult(id, fd.DmaBuf, 0));
    }

    /// <summary>lseek(SEEK_END): the buffer's size.</summary>
    public static KernelResult<long> SeekEnd(this KernelState s, int fdId)
    {
        var t = new Txn(s);
        if (!s.Fds.TryGetValue(fdId, out var fd)) return t.Fail<long>(Errno.EBADF);
        return t.Commit(s.Objects[s.DmaBufs[fd.DmaBuf].ExporterBo].Size);
    }

    /// <summary>Any lseek other than to 0 or SEEK_END: EINVAL (EBADF on a closed fd).</summary>
    public static KernelResult<Unit> SeekBad(this KernelState s, int fdId) =>
        KernelResult<Unit>.Fail(s, s.Fds.ContainsKey(fdId) ? Errno.EINVAL : Errno.EBADF);

    /// <summary>Writes the first 4 bytes through the dma-buf's mmap: EACCES when its mode is O_RDONLY.</summary>
    public static KernelResult<Unit> Write(this KernelState s, int fdId, uint value)
    {
        var t = new Txn(s);
        if (!s.Fds.TryGetValue(fdId, out var fd)) return t.Fail<Unit>(Errno.EBADF);
        var dmaBuf = s.DmaBufs[fd.DmaBuf];
        if (dmaBuf.Mode == AccessMode.ReadOnly) return t.Fail<Unit>(Errno.EACCES);
        if (dmaBuf.Revoked) return t.Fail<Unit>(Errno.ENODEV);
        t.Put(t.Bo(dmaBuf.ExporterBo) with { Contents = value });
        return t.Commit(default(Unit));
    }

    /// <summary>Reads the first 4 bytes through the dma-buf's mmap.</summary>
    public static KernelResult<uint> Read(this KernelState s, int fdId)
    {
        var t = new Txn(s);
        if (!s.Fds.TryGetValue(fdId, out var fd)) return t.Fail<uint>(Errno.EBADF);
        var dmaBuf = s.DmaBufs[fd.DmaBuf];
        if (dmaBuf.Revoked) return t.Fail<uint>(Errno.ENODEV);
        return t.Commit(s.Objects[dmaBuf.ExporterBo].Contents);
    }
}
