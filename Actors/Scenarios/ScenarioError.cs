namespace Emulation.Actors.Scenarios;

/// <summary>One problem in a scenario or topology file: where it is, what was found, what was expected.</summary>
public sealed record ScenarioError(string File, string Path, string Found, string Expected)
{
    public override string ToString() =>
        Path.Length == 0 ? $"{File}: found {Found}, expected {Expected}" : $"{File}: {Path}: found {Found}, expected {Expected}";
}

/// <summary>A scenario that must not start: every problem found, each with file, key path, value and expectation.</summary>
public sealed class ScenarioException(IReadOnlyList<ScenarioError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<ScenarioError> Errors { get; } = errors;
}
