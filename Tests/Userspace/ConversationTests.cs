using Emulation.Actors.Userspace.Conversations;

namespace Emulation.Tests.Userspace;

/// <summary>
/// The mechanism userspace programs and machine scripts are written in: straight-line async code over a
/// <see cref="Conversation"/>, run synchronously by whoever answers.
/// </summary>
public sealed class ConversationTests
{
    private sealed record Question(int N);

    private sealed record Reply(int N);

    private static async Coroutine<int> AskTwice(Conversation line, int start)
    {
        var a = await line.Ask<Reply>(new Question(start));
        var b = await line.Ask<Reply>(new Question(a.N + 1));
        return a.N + b.N;
    }

    private static async Coroutine<int> Nested(Conversation line)
    {
        var first = await AskTwice(line, 1);
        var second = await AskTwice(line, 10);
        return first * 1000 + second;
    }

    [Fact]
    public void A_coroutine_runs_until_it_asks_and_resumes_synchronously_when_answered()
    {
        var line = new Conversation();
        var run = AskTwice(line, 5);
        Assert.False(run.IsCompleted);
        Assert.Equal(new Question(5), line.Question);
        line.Answer(new Reply(50));
        Assert.Equal(new Question(51), line.Question);
        line.Answer(new Reply(7));
        Assert.True(run.IsCompleted);
        Assert.Null(line.Question);
        Assert.Equal(57, run.Result);
    }

    [Fact]
    public void Nested_steps_return_their_values_to_the_step_that_called_them()
    {
        var line = new Conversation();
        var run = Nested(line);
        var asked = new List<int>();
        while (!run.IsCompleted)
        {
            var q = (Question)line.Question!;
            asked.Add(q.N);
            line.Answer(new Reply(q.N));
        }
        Assert.Equal([1, 2, 10, 11], asked);
        Assert.Equal(3 * 1000 + 21, run.Result);
    }

    [Fact]
    public void A_step_that_throws_ends_the_whole_program_with_its_exception()
    {
        var line = new Conversation();
        var run = Failing(line);
        line.Answer(new Reply(1));
        Assert.True(run.IsCompleted);
        Assert.Equal("after 1", Assert.Throws<InvalidOperationException>(run.ThrowIfFailed).Message);

        static async Coroutine Failing(Conversation line)
        {
            var r = await line.Ask<Reply>(new Question(0));
            throw new InvalidOperationException($"after {r.N}");
        }
    }

    [Fact]
    public void An_answer_of_the_wrong_type_fails_the_program_loudly_and_an_answer_nobody_asked_for_is_refused()
    {
        var line = new Conversation();
        var run = AskTwice(line, 0);
        line.Answer(new Question(3));
        Assert.True(run.IsCompleted);
        Assert.Contains("expected a Reply", Assert.Throws<InvalidOperationException>(() => run.Result).Message);
        Assert.Throws<InvalidOperationException>(() => line.Answer(new Reply(1)));
    }

    [Fact]
    public void A_long_conversation_does_not_grow_the_stack()
    {
        var line = new Conversation();
        var run = Count(line, 200_000);
        while (!run.IsCompleted) line.Answer(new Reply(1));
        Assert.Equal(200_000, run.Result);

        static async Coroutine<int> Count(Conversation line, int n)
        {
            var sum = 0;
            for (var i = 0; i < n; i++) sum += (await line.Ask<Reply>(new Question(i))).N;
            return sum;
        }
    }
}
