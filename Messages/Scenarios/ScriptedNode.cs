using System.Collections.Immutable;

namespace Emulation.Messages.Scenarios;

/// <summary>
/// A node a scenario's `cluster` block scripts (docs/scenarios.md, `cluster`): a worker process the run starts, and
/// when it joins, leaves or crashes. Times are fractions of the run's progress (machines done / machines in all),
/// since frames count per machine and machines run in parallel.
/// </summary>
/// <param name="Roles">`worker` (it hosts machines), or none (a member that only counts towards the majority).</param>
/// <param name="JoinAt">0: present from the start; otherwise it joins once that fraction is done.</param>
/// <param name="LeaveAt">It leaves gracefully once that fraction is done (-1: never).</param>
/// <param name="CrashAt">It is killed (SIGKILL) once that fraction is done (-1: never).</param>
public sealed record ScriptedNode(string Name, ImmutableArray<string> Roles, double JoinAt, double LeaveAt, double CrashAt)
{
    public const double Never = -1;

    /// <summary>The role of a node that hosts machines.</summary>
    public const string WorkerRole = "worker";

    public bool IsWorker => Roles.Contains(WorkerRole);

    /// <summary>Present from the start to the end of the run.</summary>
    public bool Steady => JoinAt == 0 && LeaveAt == Never && CrashAt == Never;
}
