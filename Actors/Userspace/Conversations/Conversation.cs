namespace Emulation.Actors.Userspace.Conversations;

/// <summary>
/// A program's one line to the outside: it asks one thing at a time and waits for the answer. The
/// program side awaits <see cref="Ask{TAnswer}"/>; the driver side (an actor that sends the question as a
/// message and hands back the reply, or a loop that answers by a direct call) reads
/// <see cref="Question"/> and calls <see cref="Answer"/>, which resumes the program synchronously until it
/// asks again or finishes. The answer's type was fixed by the question (a kernel operation's outcome, a
/// command's reply), so the program never casts; a wrong answer is the driver's bug and fails here, loudly.
/// </summary>
public sealed class Conversation
{
    private Action? _resume;
    private object? _answer;

    /// <summary>What the program asked and is waiting for, or null.</summary>
    public object? Question { get; private set; }

    /// <summary>The program waits for an answer of type <typeparamref name="TAnswer"/> to <paramref name="question"/>.</summary>
    public Answer<TAnswer> Ask<TAnswer>(object question) where TAnswer : class => new(this, question);

    /// <summary>Hands the answer to the waiting program and runs it until it asks again or finishes.</summary>
    public void Answer(object answer)
    {
        if (_resume is null) throw new InvalidOperationException($"an answer ({answer.GetType().Name}) came while nothing was asked");
        var resume = _resume;
        _resume = null;
        Question = null;
        _answer = answer;
        resume();
    }

    internal void Wait(object question, Action resume)
    {
        if (_resume is not null) throw new InvalidOperationException("a conversation asks one thing at a time");
        Question = question;
        _resume = resume;
    }

    internal TAnswer Take<TAnswer>() where TAnswer : class
    {
        var answer = _answer;
        _answer = null;
        return answer as TAnswer ?? throw new InvalidOperationException(
            $"expected a {typeof(TAnswer).Name} as the answer, got {answer?.GetType().Name ?? "nothing"}");
    }
}

/// <summary>What <c>await</c> uses on a question: it always waits (the answer comes from outside).</summary>
public readonly struct Answer<TAnswer>(Conversation conversation, object question) : System.Runtime.CompilerServices.INotifyCompletion
    where TAnswer : class
{
    public Answer<TAnswer> GetAwaiter() => this;

    public bool IsCompleted => false;

    public void OnCompleted(Action continuation) => conversation.Wait(question, continuation);

    public TAnswer GetResult() => conversation.Take<TAnswer>();
}
