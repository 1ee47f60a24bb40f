using System.Text.RegularExpressions;

namespace Emulation.Tests.Scenarios;

/// <summary>
/// The HOCON examples of docs/scenarios.md are valid: whole scenarios as they are, fragments (a
/// timeline, a variation, an expect block, a device...) spliced into a scenario that has the devices,
/// outputs and clients they name.
/// </summary>
public class ScenarioDocExamplesTests
{
    private const string Host = """
        scenario {
          frames = 600
          topology {
            devices = [
              { id = igpu, driver = i915, outputs = [edp] }
              { id = dgpu, driver = amdgpu, outputs = [hdmi] }
              { id = dgpu2, driver = amdgpu }
              __DEVICE__
            ]
            __TOPOLOGY__
          }
          clients = [
            { name = game, device = dgpu, output = hdmi }
            { name = video, device = dgpu, output = hdmi }
            { name = browser, device = igpu, output = edp }
          ]
          __SCENARIO__
        }
        """;

    private const string Egpu = "{ id = egpu, driver = amdgpu, outputs = [dp-1] }";

    private static IReadOnlyList<string> Examples()
    {
        var doc = File.ReadAllText(Path.Combine(Kernel.Support.RepositoryRoot.Find(), "docs", "scenarios.md"));
        return [.. Regex.Matches(doc, "```hocon\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value)];
    }

    /// <summary>The example as a whole scenario: itself, or spliced into <see cref="Host"/> where it belongs.</summary>
    private static string AsScenario(string example)
    {
        if (example.Contains("scenario {", StringComparison.Ordinal)) return example;
        var body = string.Join("\n", example.Split('\n').Where(l => !l.TrimStart().StartsWith('#')));
        if (body.TrimStart().StartsWith('{')) return Host.Replace("__DEVICE__", body).Replace("__TOPOLOGY__", "").Replace("__SCENARIO__", "");
        if (body.TrimStart().StartsWith("p2p", StringComparison.Ordinal))
            return Host.Replace("__DEVICE__", Egpu).Replace("__TOPOLOGY__", body).Replace("__SCENARIO__", "");
        return Host.Replace("__DEVICE__", Egpu).Replace("__TOPOLOGY__", "").Replace("__SCENARIO__", body);
    }

    public static TheoryData<int> Indexes => [.. Enumerable.Range(0, Examples().Count)];

    [Fact]
    public void The_page_has_examples_of_a_whole_scenario_and_of_its_parts()
    {
        var examples = Examples();
        Assert.True(examples.Count >= 6, $"{examples.Count} examples");
        Assert.Contains(examples, e => e.Contains("scenario {", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Indexes))]
    public void Each_example_is_valid(int index)
    {
        var example = Examples()[index];
        var s = ScenarioText.Parse(AsScenario(example));
        Assert.NotEmpty(s.Topology.Devices);
    }
}
