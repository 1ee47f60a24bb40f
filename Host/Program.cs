using Emulation.Host.Cli;

namespace Emulation.Host;

/// <summary>The `emulation` command's entry point: every verb is in <see cref="EmulationCli"/>.</summary>
public static class Program
{
    public static int Main(string[] args) => EmulationCli.Run(args, Console.Out, Console.Error);
}
