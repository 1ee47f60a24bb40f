namespace Emulation.Tests.Kernel.Support;

/// <summary>The repository root: the first directory above the test binaries that holds Emulation.sln.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Emulation.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"no Emulation.sln above {AppContext.BaseDirectory}");
    }
}
