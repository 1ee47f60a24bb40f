using System.Runtime.CompilerServices;

namespace Emulation.Actors.Userspace.Conversations;

/// <summary>
/// The compiler's builder for <c>async Coroutine</c> methods. It starts the method on the caller's thread;
/// on the first await that has to wait it boxes the state machine once and hands its MoveNext to the
/// awaited thing as the continuation; that continuation runs synchronously when the answer comes.
/// </summary>
public struct CoroutineBuilder
{
    private Coroutine _coroutine;

    public static CoroutineBuilder Create() => new() { _coroutine = new Coroutine() };

    public Coroutine Task => _coroutine;

    public void Start<TStateMachine>(ref TStateMachine stateMachine) where TStateMachine : IAsyncStateMachine =>
        stateMachine.MoveNext();

    public void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }

    public void SetResult() => _coroutine.Complete(default);

    public void SetException(Exception exception) => _coroutine.Fail(exception);

    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion where TStateMachine : IAsyncStateMachine =>
        awaiter.OnCompleted(_coroutine.Resume ??= StateMachineBox<TStateMachine>.Resume(ref stateMachine));

    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion where TStateMachine : IAsyncStateMachine =>
        awaiter.OnCompleted(_coroutine.Resume ??= StateMachineBox<TStateMachine>.Resume(ref stateMachine));
}

/// <summary>The compiler's builder for <c>async Coroutine&lt;TResult&gt;</c> methods (see <see cref="CoroutineBuilder"/>).</summary>
public struct CoroutineBuilder<TResult>
{
    private Coroutine<TResult> _coroutine;

    public static CoroutineBuilder<TResult> Create() => new() { _coroutine = new Coroutine<TResult>() };

    public Coroutine<TResult> Task => _coroutine;

    public void Start<TStateMachine>(ref TStateMachine stateMachine) where TStateMachine : IAsyncStateMachine =>
        stateMachine.MoveNext();

    public void SetStateMachine(IAsyncStateMachine stateMachine)
    {
    }

    public void SetResult(TResult result) => _coroutine.Complete(result);

    public void SetException(Exception exception) => _coroutine.Fail(exception);

    public void AwaitOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : INotifyCompletion where TStateMachine : IAsyncStateMachine =>
        awaiter.OnCompleted(_coroutine.Resume ??= StateMachineBox<TStateMachine>.Resume(ref stateMachine));

    public void AwaitUnsafeOnCompleted<TAwaiter, TStateMachine>(ref TAwaiter awaiter, ref TStateMachine stateMachine)
        where TAwaiter : ICriticalNotifyCompletion where TStateMachine : IAsyncStateMachine =>
        awaiter.OnCompleted(_coroutine.Resume ??= StateMachineBox<TStateMachine>.Resume(ref stateMachine));
}

/// <summary>A state machine moved to the heap on its first wait, so that it can be resumed later.</summary>
internal sealed class StateMachineBox<TStateMachine> where TStateMachine : IAsyncStateMachine
{
    private TStateMachine _stateMachine = default!;

    /// <summary>Copies the suspended state machine (its builder shares the coroutine) and gives its MoveNext.</summary>
    public static Action Resume(ref TStateMachine stateMachine)
    {
        var box = new StateMachineBox<TStateMachine> { _stateMachine = stateMachine };
        return box.MoveNext;
    }

    private void MoveNext() => _stateMachine.MoveNext();
}
