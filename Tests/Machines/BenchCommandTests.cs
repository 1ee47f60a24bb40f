namespace Emulation.Tests.Machines;

/// <summary>`bench` measures and prints its figures against the targets (exit 0 whether or not they are met).</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public void Bench_prints_the_memory_of_an_emulated_laptop_against_its_budget()
    {
        var (code, stdout, stderr) = CatalogueRunTests.Cli("bench", "--machines", "10");
        Assert.True(code == 0, stderr);
        Assert.Contains("memory, kernel state per machine:", stdout);
        Assert.Contains("(target <= 40 KB:", stdout);
        Assert.Contains("machine-frames/s", stdout);
    }

    [Fact]
    public void Bench_refuses_bad_input()
    {
        Assert.Equal(2, CatalogueRunTests.Cli("bench", "--machines", "3").Code);
        Assert.Equal(2, CatalogueRunTests.Cli("bench", "--knob", "no-move=maybe").Code);
    }
}
