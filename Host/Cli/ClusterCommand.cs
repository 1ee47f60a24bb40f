using System.CommandLine;
using Akka.Actor;
using Emulation.Actors.Cluster;
using Emulation.Host.Runs;
using Emulation.Messages.Cluster;

namespace Emulation.Host.Cli;

/// <summary>
/// `cluster status ADDR`, `cluster leave ADDR [--via MEMBER]`, `cluster down ADDR --via MEMBER`: ask a running
/// cluster's admin actor (`/user/admin` on every node) from a short-lived client that does not join it. Exit 0 when
/// answered, 2 on a bad address or a refused request, 4 when no node answers within <see cref="AnswerTimeout"/>.
/// </summary>
public sealed class ClusterCommand : IVerb
{
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    public Command Build()
    {
        var command = new Command("cluster", "Show or change a running cluster: status, leave, down.");
        var statusAddress = new Argument<string>("address") { Description = "Any member's address (akka.tcp://emulation@HOST:PORT)." };
        var status = new Command("status", "Print the members of the cluster a node belongs to.") { statusAddress };
        status.SetAction(r => Ask(r.GetRequiredValue(statusAddress), null, id => new GetClusterStatus(id), r.InvocationConfiguration));
        command.Add(status);

        foreach (var (verb, description) in new[] { ("leave", "Make a member leave gracefully (its machines move to the others)."),
                     ("down", "Mark a member down: one that is gone and will not leave (a crashed node).") })
        {
            var address = new Argument<string>("address") { Description = "The member's address." };
            var via = new Option<string>("--via") { Description = "A member to ask (default: the member itself; required for down)." };
            var sub = new Command(verb, description) { address, via };
            sub.SetAction(r =>
            {
                var target = r.GetRequiredValue(address);
                var asked = r.GetValue(via);
                if (verb == "down" && asked is null)
                {
                    r.InvocationConfiguration.Error.WriteLine("cluster down: expected --via MEMBER, a live member to ask (the node to down may be gone)");
                    return ExitCodes.BadInput;
                }
                return Ask(asked ?? target, target, id => verb == "leave" ? new LeaveMember(id, target) : new DownMember(id, target),
                    r.InvocationConfiguration);
            });
            command.Add(sub);
        }
        return command;
    }

    private static int Ask(string member, string? target, Func<long, object> request, InvocationConfiguration io)
    {
        foreach (var address in new[] { member, target }.OfType<string>().Distinct())
            if (ClusterAddress.Problem(address) is { } problem)
            {
                io.Error.WriteLine($"{address}: {problem}");
                return ExitCodes.BadInput;
            }
        using var client = ActorSystem.Create(NodeConfig.SystemName + "-client",
            NodeConfig.Create(extra: "akka.actor.provider = remote\nakka.loglevel = ERROR"));
        try
        {
            var answer = client.ActorSelection($"{member}/user/{ClusterAdminActor.Name}")
                .Ask<object>(request(1), AnswerTimeout).GetAwaiter().GetResult();
            switch (answer)
            {
                case ClusterStatus s:
                    io.Output.WriteLine($"cluster of {s.Self} (leader {s.Leader ?? "none"}): {s.Members.Length} member(s)");
                    foreach (var m in s.Members)
                        io.Output.WriteLine($"  {m.Address}  {m.Status,-8}  {(m.Reachable ? "reachable" : "UNREACHABLE"),-11}  roles {string.Join(",", m.Roles)}");
                    return ExitCodes.Ok;
                case AdminDone { Ok: true } done:
                    io.Output.WriteLine(done.Outcome);
                    return ExitCodes.Ok;
                case AdminDone done:
                    io.Error.WriteLine($"{member}: {done.Outcome}");
                    return ExitCodes.BadInput;
                default:
                    io.Error.WriteLine($"{member}: unexpected answer {answer.GetType().Name}");
                    return ExitCodes.InternalError;
            }
        }
        catch (AskTimeoutException)
        {
            io.Error.WriteLine($"{member}: no answer within {AnswerTimeout.TotalSeconds:0} s (is a node running there?)");
            return ExitCodes.BoundExceeded;
        }
        finally
        {
            client.Terminate().Wait(TimeSpan.FromSeconds(5));
        }
    }
}
