using System.CommandLine;

namespace Emulation.Host.Cli;

/// <summary>
/// The `emulation` command line: a root command made of the verbs below. Parse errors (unknown verb
/// or option, missing argument) are bad input: exit 2 with the errors on standard error. Standard
/// output carries only the product's output.
/// </summary>
public static class EmulationCli
{
    /// <summary>Every verb; add a new one here.</summary>
    public static IReadOnlyList<IVerb> Verbs { get; } =
        [RunCommand.Run(), RunCommand.Compare(), new ListCommand(), new ValidateCommand(), new ReplayCommand(), new NodeCommand(), new ClusterCommand(), new BenchCommand()];

    public static RootCommand Root()
    {
        var root = new RootCommand("Emulation: Linux DRM PRIME / DMA-BUF / TTM buffer sharing between GPUs, emulated.");
        foreach (var verb in Verbs) root.Add(verb.Build());
        return root;
    }

    /// <summary>Parses and invokes; returns the exit code (<see cref="ExitCodes"/>).</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var root = Root();
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var line in ParseErrors.Describe(result, root, Verbs.Select(v => v.Build().Name).ToList())) stderr.WriteLine(line);
            stderr.WriteLine("Try 'emulation --help'.");
            return ExitCodes.BadInput;
        }
        try
        {
            return result.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            stderr.WriteLine($"internal error: {e}");
            return ExitCodes.InternalError;
        }
    }
}
