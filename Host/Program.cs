using Emulation.Host.Cli;

return EmulationCli.Run(args, Console.Out, Console.Error);
