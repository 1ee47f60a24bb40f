using System.CommandLine;
using Emulation.Actors.Scenarios;

namespace Emulation.Host.Cli;

/// <summary>`list`: the built-in catalogue: each id, its name and the pathology its header names.</summary>
public sealed class ListCommand : IVerb
{
    public Command Build()
    {
        var command = new Command("list", "List the built-in scenarios (catalogue ids for run, compare and replay --topology).");
        command.SetAction(result =>
        {
            var output = result.InvocationConfiguration.Output;
            var stderr = result.InvocationConfiguration.Error;
            var entries = Catalogue.Default.Entries();
            if (entries.Count == 0)
            {
                stderr.WriteLine($"no scenarios found in {Catalogue.Default.Directory}");
                return ExitCodes.BadInput;
            }
            output.WriteLine($"{"id",-10} {"name",-42} file");
            foreach (var (id, file) in entries)
            {
                string name;
                try
                {
                    name = ScenarioReader.Load(file, Catalogue.Default).Name;
                }
                catch (ScenarioException e)
                {
                    name = $"(invalid: {e.Errors[0]})";
                }
                output.WriteLine($"{id,-10} {name,-42} {Path.GetFileName(file)}");
            }
            output.WriteLine($"{Catalogue.VgemVkms,-10} {"vgem + vkms (built-in trace topology)",-42} -");
            return ExitCodes.Ok;
        });
        return command;
    }
}
