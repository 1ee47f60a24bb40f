using System.Reflection;
using System.Xml.Linq;
using Emulation.Actors.Kernel;
using Emulation.Tests.Kernel.Support;

namespace Emulation.Tests.Kernel;

/// <summary>The kernel model is a pure core: it references no Akka assembly and no package at all.</summary>
public class KernelAssemblyTests
{
    private static readonly Assembly Kernel = typeof(KernelState).Assembly;

    [Fact]
    public void Kernel_assembly_references_nothing_named_akka()
    {
        Assert.Equal("Emulation.Actors.Kernel", Kernel.GetName().Name);
        var references = Kernel.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.NotEmpty(references);
        Assert.DoesNotContain(references, name => name.StartsWith("Akka", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Kernel_assembly_references_only_the_framework()
    {
        var outside = Kernel.GetReferencedAssemblies()
            .Select(a => a.Name ?? "")
            .Where(name => !(name is "mscorlib" or "netstandard" || name.StartsWith("System", StringComparison.Ordinal)
                             || name.StartsWith("Microsoft.", StringComparison.Ordinal) || name == "Emulation.Actors.Uapi"))
            .ToList();
        Assert.Empty(outside);
    }

    [Fact]
    public void Kernel_project_references_only_the_uapi()
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot.Find(), "Actors", "Kernel", "Emulation.Actors.Kernel.csproj"));
        var references = project.Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference" or "Reference" or "FrameworkReference")
            .Select(e => $"{e.Name.LocalName} {e.Attribute("Include")?.Value}")
            .ToList();
        Assert.Equal(["ProjectReference ../Uapi/Emulation.Actors.Uapi.csproj"], references);
    }
}
