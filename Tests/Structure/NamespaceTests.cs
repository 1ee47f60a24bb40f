using System.Text.RegularExpressions;
using Emulation.Tests.Kernel.Support;

namespace Emulation.Tests.Structure;

/// <summary>
/// Every C# file of every project declares one namespace: its project's root namespace followed by its
/// folder path under the project (<c>Actors/Kernel/Txn.cs</c>: <c>Emulation.Actors.Kernel</c>;
/// <c>Tests/Kernel/Rules/R01HandleNumberingTests.cs</c>: <c>Emulation.Tests.Kernel.Rules</c>), so a
/// type's namespace says where its file is.
/// </summary>
public partial class NamespaceTests
{
    [Fact]
    public void Every_file_declares_its_projects_root_namespace_plus_its_folder_path()
    {
        var root = RepositoryRoot.Find();
        var projects = Projects(root);
        Assert.NotEmpty(projects);
        var wrong = new List<string>();
        var files = 0;
        foreach (var project in projects)
        {
            foreach (var file in SourceFiles(project, projects))
            {
                files++;
                var expected = ExpectedNamespace(project.RootNamespace, project.Directory, file);
                var declared = DeclaredNamespaces(File.ReadAllText(file));
                if (declared.Count != 1 || declared[0] != expected)
                {
                    var found = declared.Count == 0 ? "no namespace" : "namespace " + string.Join(", ", declared);
                    wrong.Add($"{Path.GetRelativePath(root, file)}: {found}, expected {expected}");
                }
            }
        }
        Assert.True(files > projects.Count, $"found only {files} C# files in {projects.Count} projects under {root}");
        Assert.True(wrong.Count == 0,
            "files whose namespace is not their project's root namespace plus their folder path:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void The_check_reads_both_namespace_forms_and_expects_the_folder_path()
    {
        Assert.Equal(["Emulation.Actors.Kernel"], DeclaredNamespaces("using X;\n\nnamespace Emulation.Actors.Kernel;\n\npublic class A;\n"));
        Assert.Equal(["A.B", "A.C"], DeclaredNamespaces("namespace A.B\n{\n}\nnamespace A.C { }\n"));
        Assert.Empty(DeclaredNamespaces("/// namespace Not.This\nreturn 0;\n"));
        var project = Path.Combine("repo", "Actors", "Kernel");
        Assert.Equal("Emulation.Actors.Kernel", ExpectedNamespace("Emulation.Actors.Kernel", project, Path.Combine(project, "Txn.cs")));
        Assert.Equal("Emulation.Actors.Kernel.Sub.Deeper",
            ExpectedNamespace("Emulation.Actors.Kernel", project, Path.Combine(project, "Sub", "Deeper", "X.cs")));
    }

    private sealed record Project(string Directory, string RootNamespace);

    /// <summary>Every project of the repository (outside bin and obj) with its root namespace (its file name when it sets none).</summary>
    private static List<Project> Projects(string root) =>
        [.. Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(root, path))
            .Select(path => new Project(Path.GetDirectoryName(path)!,
                RootNamespace().Match(File.ReadAllText(path)) is { Success: true } m
                    ? m.Groups[1].Value.Trim()
                    : Path.GetFileNameWithoutExtension(path)))];

    /// <summary>The project's .cs files: not in bin or obj, and not in a folder that holds another project.</summary>
    private static IEnumerable<string> SourceFiles(Project project, List<Project> projects) =>
        Directory.EnumerateFiles(project.Directory, "*.cs", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(project.Directory, file))
            .Where(file => projects.Where(p => IsUnder(file, p.Directory)).MaxBy(p => p.Directory.Length) == project)
            .Order(StringComparer.Ordinal);

    private static string ExpectedNamespace(string rootNamespace, string projectDirectory, string file)
    {
        var folder = Path.GetRelativePath(projectDirectory, Path.GetDirectoryName(file)!);
        if (folder == ".") return rootNamespace;
        return rootNamespace + "." + string.Join('.', folder.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
    }

    private static List<string> DeclaredNamespaces(string source) =>
        [.. NamespaceDeclaration().Matches(source).Select(m => m.Groups[1].Value)];

    private static bool IsUnder(string path, string directory) =>
        path.StartsWith(directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static bool IsBuildOutput(string baseDirectory, string path) =>
        Path.GetRelativePath(baseDirectory, path).Split(Path.DirectorySeparatorChar)
            .Any(part => part is "bin" or "obj" || part.StartsWith('.'));

    [GeneratedRegex(@"<RootNamespace>([^<]+)</RootNamespace>")]
    private static partial Regex RootNamespace();

    [GeneratedRegex(@"^[ \t]*namespace[ \t]+([\w.]+)[ \t]*[;{\r\n]", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();
}
