namespace Emulation.Host.Cli;

/// <summary>The exit codes every verb shares (docs/scenarios.md and docs/traces.md list them).</summary>
public static class ExitCodes
{
    /// <summary>Ran; every expectation held.</summary>
    public const int Ok = 0;
    /// <summary>Ran; an expectation failed.</summary>
    public const int ExpectationFailed = 1;
    /// <summary>Bad input: missing file, unknown id or option, malformed scenario or trace, bad knob.</summary>
    public const int BadInput = 2;
    /// <summary>The invariant checker fired (wins over <see cref="ExpectationFailed"/>).</summary>
    public const int InvariantFired = 3;
    /// <summary>A bound was exceeded: a run, a cluster or a chaos experiment gave up.</summary>
    public const int BoundExceeded = 4;
    /// <summary>A bug: an unexpected exception (EX_SOFTWARE), never one of the product's answers.</summary>
    public const int InternalError = 70;
}
