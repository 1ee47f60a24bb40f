using System.Reflection;
using System.Xml.Linq;
using Emulation.Tests.Kernel.Support;

namespace Emulation.Tests.Structure;

/// <summary>
/// The projects' references draw the intended picture (docs/design.md, "Layers"): each project references
/// exactly the projects below it in this table, its compiled assembly uses nothing outside what those
/// references reach, and no package of the actor system reaches the pure layers.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>Each project (by folder) and the projects it may reference directly.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Picture = new Dictionary<string, string[]>
    {
        ["Actors/Uapi"] = [],
        ["Actors/Kernel"] = ["Actors/Uapi"],
        ["Messages"] = ["Actors/Uapi"],
        ["Actors/Devices"] = ["Actors/Kernel", "Messages"],
        ["Actors/Userspace"] = ["Messages"],
        ["Actors/Scenarios"] = ["Messages"],
        ["Actors/Machines"] = ["Actors/Devices", "Actors/Userspace", "Actors/Scenarios"],
        ["Actors/Cluster"] = ["Actors/Machines"],
        ["Host"] = ["Actors/Cluster"],
    };

    /// <summary>Projects that must not depend on any package at all (pure code).</summary>
    private static readonly string[] PackageFree = ["Actors/Uapi", "Actors/Kernel"];

    private static string Root => RepositoryRoot.Find();

    private static string AssemblyOf(string project) => "Emulation." + project.Replace('/', '.');

    /// <summary>The projects a project reaches through its references, itself excluded.</summary>
    public static ISet<string> Reach(IReadOnlyDictionary<string, string[]> picture, string project)
    {
        var reached = new SortedSet<string>(StringComparer.Ordinal);
        var todo = new Stack<string>(picture[project]);
        while (todo.Count > 0)
        {
            var next = todo.Pop();
            if (reached.Add(next)) foreach (var r in picture[next]) todo.Push(r);
        }
        return reached;
    }

    /// <summary>What is wrong with a graph of references against the picture: edges it lacks or adds, and cycles.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, string[]> actual)
    {
        var problems = new List<string>();
        foreach (var (project, references) in actual)
        {
            if (!Picture.TryGetValue(project, out var allowed))
            {
                problems.Add($"{project} is no project of the picture");
                continue;
            }
            foreach (var r in references.Except(allowed)) problems.Add($"{project} must not reference {r}");
            foreach (var r in allowed.Except(references)) problems.Add($"{project} should reference {r}");
            if (references.Contains(project) || Picture.ContainsKey(project) && Reach(actual, project).Contains(project))
                problems.Add($"{project} reaches itself");
        }
        return problems;
    }

    private static string[] ProjectReferencesOf(string project)
    {
        var dir = Path.Combine(Root, project);
        var csproj = Assert.Single(Directory.GetFiles(dir, "*.csproj"));
        return [.. XDocument.Load(csproj).Descendants("ProjectReference")
            .Select(e => Path.GetRelativePath(Root, Path.GetDirectoryName(Path.GetFullPath(Path.Combine(dir, e.Attribute("Include")!.Value)))!)
                .Replace('\\', '/'))];
    }

    [Fact]
    public void Every_project_references_exactly_the_projects_the_picture_allows()
    {
        var actual = Picture.Keys.ToDictionary(p => p, ProjectReferencesOf);
        Assert.Empty(Problems(actual));
    }

    [Fact]
    public void The_solution_has_no_project_outside_the_picture_but_the_tests()
    {
        var projects = Directory.GetFiles(Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(p => Path.GetRelativePath(Root, Path.GetDirectoryName(p)!).Replace('\\', '/'))
            .Where(p => p != "Tests")
            .Order(StringComparer.Ordinal);
        Assert.Equal(Picture.Keys.Order(StringComparer.Ordinal), projects);
    }

    [Fact]
    public void A_forbidden_reference_is_reported()
    {
        var actual = Picture.ToDictionary(p => p.Key, p => p.Value);
        actual["Messages"] = ["Actors/Uapi", "Actors/Kernel"];
        actual["Actors/Userspace"] = ["Messages", "Actors/Devices"];
        actual["Actors/Kernel"] = ["Actors/Uapi", "Actors/Machines"];
        var problems = Problems(actual);
        Assert.Contains("Messages must not reference Actors/Kernel", problems);
        Assert.Contains("Actors/Userspace must not reference Actors/Devices", problems);
        Assert.Contains("Actors/Kernel must not reference Actors/Machines", problems);
        Assert.Contains("Actors/Kernel reaches itself", problems);
    }

    [Theory]
    [InlineData("Actors/Uapi")]
    [InlineData("Actors/Kernel")]
    [InlineData("Messages")]
    [InlineData("Actors/Devices")]
    [InlineData("Actors/Userspace")]
    [InlineData("Actors/Scenarios")]
    [InlineData("Actors/Machines")]
    [InlineData("Actors/Cluster")]
    public void The_compiled_assembly_uses_only_projects_its_references_reach(string project)
    {
        var assembly = Assembly.Load(AssemblyOf(project));
        var ours = assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Emulation.", StringComparison.Ordinal));
        var allowed = Reach(Picture, project).Select(AssemblyOf).ToHashSet();
        Assert.All(ours, name => Assert.Contains(name, allowed));
    }

    [Theory]
    [InlineData("Actors/Uapi")]
    [InlineData("Actors/Kernel")]
    public void The_pure_layers_use_no_package(string project)
    {
        var assembly = Assembly.Load(AssemblyOf(project));
        var outside = assembly.GetReferencedAssemblies().Select(a => a.Name ?? "")
            .Where(n => !(n is "mscorlib" or "netstandard" || n.StartsWith("System", StringComparison.Ordinal)
                          || n.StartsWith("Microsoft.", StringComparison.Ordinal) || n.StartsWith("Emulation.", StringComparison.Ordinal)));
        Assert.Empty(outside);
        Assert.Contains(project, PackageFree);
        var csproj = Assert.Single(Directory.GetFiles(Path.Combine(Root, project), "*.csproj"));
        Assert.Empty(XDocument.Load(csproj).Descendants("PackageReference"));
    }
}
