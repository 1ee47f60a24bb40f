namespace Emulation.Tests.Scenarios;

/// <summary>
/// Scenario files written to a temporary directory of their own (never into the catalogue), deleted
/// with the test.
/// </summary>
internal sealed class ScenarioFiles : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"emulation-scenarios-{Guid.NewGuid():N}");

    public ScenarioFiles() => System.IO.Directory.CreateDirectory(Directory);

    /// <summary>Writes <paramref name="text"/> to NAME.hocon and returns its full path.</summary>
    public string Write(string name, string text)
    {
        var path = Path.Combine(Directory, name + ".hocon");
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
