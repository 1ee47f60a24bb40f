using System.Runtime.CompilerServices;

namespace Emulation.Actors.Userspace.Conversations;

/// <summary>
/// A step of a program written as straight-line code (an <c>async</c> method) that waits only on its
/// <see cref="Conversation"/>: it runs synchronously on its caller's thread until it asks something, and
/// resumes, again synchronously, when whoever drives the conversation hands the answer back. No thread
/// pool, no synchronization context, no timer: an actor can host one without blocking, and a test can
/// drive one in a loop. <see cref="Coroutine{TResult}"/> gives a value.
/// </summary>
[AsyncMethodBuilder(typeof(CoroutineBuilder))]
public sealed class Coroutine : CoroutineBase<Unit>
{
    /// <summary>A coroutine that has already finished.</summary>
    public static Coroutine Done { get; } = Finished();

    public CoroutineAwaiter<Unit> GetAwaiter() => new(this);

    /// <summary>Rethrows what the coroutine threw, if it finished by throwing.</summary>
    public void ThrowIfFailed() => GetResult();

    private static Coroutine Finished()
    {
        var c = new Coroutine();
        c.Complete(default);
        return c;
    }
}

/// <summary>A <see cref="Coroutine"/> that gives a <typeparamref name="TResult"/>.</summary>
[AsyncMethodBuilder(typeof(CoroutineBuilder<>))]
public sealed class Coroutine<TResult> : CoroutineBase<TResult>
{
    public CoroutineAwaiter<TResult> GetAwaiter() => new(this);

    /// <summary>The value, once finished (rethrows what the coroutine threw).</summary>
    public TResult Result => GetResult();
}

/// <summary>No value (what a <see cref="Coroutine"/> without one gives).</summary>
public readonly record struct Unit;

/// <summary>
/// The state both coroutine types share: finished or not, the value or the exception, and the one
/// continuation waiting for it (at most one awaiter: a step is awaited once, by the step that called it).
/// </summary>
public abstract class CoroutineBase<TResult>
{
    private Action? _continuation;
    private TResult? _result;
    private Exception? _failure;

    public bool IsCompleted { get; private set; }

    /// <summary>The boxed state machine's MoveNext, made on the first await and reused by every later one.</summary>
    internal Action? Resume { get; set; }

    internal void Complete(TResult result)
    {
        _result = result;
        Finish();
    }

    internal void Fail(Exception failure)
    {
        _failure = failure;
        Finish();
    }

    internal void OnCompleted(Action continuation)
    {
        if (_continuation is not null) throw new InvalidOperationException("a coroutine is awaited by one caller only");
        if (IsCompleted) continuation();
        else _continuation = continuation;
    }

    internal TResult GetResult()
    {
        if (!IsCompleted) throw new InvalidOperationException("the coroutine has not finished: its conversation is still waiting for an answer");
        if (_failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
        return _result!;
    }

    private void Finish()
    {
        IsCompleted = true;
        var continuation = _continuation;
        _continuation = null;
        continuation?.Invoke();
    }
}

/// <summary>What <c>await</c> uses on a coroutine.</summary>
public readonly struct CoroutineAwaiter<TResult>(CoroutineBase<TResult> coroutine) : INotifyCompletion
{
    public bool IsCompleted => coroutine.IsCompleted;

    public void OnCompleted(Action continuation) => coroutine.OnCompleted(continuation);

    public TResult GetResult() => coroutine.GetResult();
}
