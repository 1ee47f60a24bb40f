using System.CommandLine;

namespace Emulation.Host.Cli;

/// <summary>
/// One verb of the `emulation` command (run, compare, list, validate, replay...). A verb builds its
/// System.CommandLine <see cref="Command"/>; its action writes the product's output to
/// <c>ParseResult.InvocationConfiguration.Output</c>, diagnostics to <c>.Error</c>, and returns an
/// exit code of <see cref="ExitCodes"/>.
/// </summary>
public interface IVerb
{
    Command Build();
}
