using Emulation.Messages;

namespace Emulation.Actors.Userspace;

/// <summary>
/// A userspace program's line to its machine's kernel. Programs are coroutines that yield
/// <see cref="IKernelRequest"/>s; whoever drives them (an actor that sends each request to the
/// machine-kernel actor, or a test that applies it to a kernel state directly) puts each reply back
/// here before resuming. Request ids are unique per port: <c>owner * 2^32 + n</c>.
/// </summary>
public sealed class KernelPort(int owner)
{
    private readonly long _base = (long)owner << 32;
    private long _next;

    /// <summary>The reply to the request yielded last.</summary>
    public IKernelReply? Reply { get; set; }

    public long NextId() => _base + ++_next;

    public T Last<T>() where T : class, IKernelReply =>
        Reply as T ?? throw new InvalidOperationException($"expected a {typeof(T).Name}, got {Reply?.GetType().Name ?? "nothing"}");
}

/// <summary>Drives a program to its end against a synchronous kernel (tests, and hosts without actors).</summary>
public static class Coroutines
{
    public static void RunAll(IEnumerable<IKernelRequest> program, KernelPort port, Func<IKernelRequest, IKernelReply> kernel)
    {
        foreach (var request in program) port.Reply = kernel(request);
    }
}
