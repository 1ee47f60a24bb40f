using System.Diagnostics;

namespace Emulation.Tests.Support;

/// <summary>The `emulation` program (copied next to the tests) as a process of its own: `dotnet emulation.dll ARGS`.</summary>
internal static class EmulationProcess
{
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "emulation.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return start;
    }
}
