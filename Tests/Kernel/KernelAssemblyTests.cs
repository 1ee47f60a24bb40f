using System.Reflection;
using System.Xml.Linq;
using Emulation.Kernel;
using Emulation.Tests.Kernel.Support;

namespace Emulation.Tests.Kernel;

/// <summary>The kernel model is a pure core: it references no Akka assembly and no package at all.</summary>
public class KernelAssemblyTests
{
    private static readonly Assembly Kernel = typeof(KernelState).Assembly;

    [Fact]
    public void Kernel_assembly_references_nothing_named_akka()
    {
        Assert.Equal("Emulation.Kernel", Kernel.GetName().Name);
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
                             || name.StartsWith("Microsoft.", StringComparison.Ordinal)))
            .ToList();
        Assert.Empty(outside);
    }

    [Fact]
    public void Kernel_project_has_no_package_or_project_reference()
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot.Find(), "Actors", "Kernel", "Emulation.Kernel.csproj"));
        var references = project.Descendants()
            .Where(e => e.Name.LocalName is "PackageReference" or "ProjectReference" or "Reference" or "FrameworkReference")
            .Select(e => $"{e.Name.LocalName} {e.Attribute("Include")?.Value}")
            .ToList();
        Assert.Empty(references);
    }
}
