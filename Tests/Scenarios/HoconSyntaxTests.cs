namespace Emulation.Tests.Scenarios;

/// <summary>
/// What the structural check in front of Akka's parser catches, with a line and a column: what the
/// parser would crash on (substitution cycles overflow the stack, includes throw a null reference),
/// loop on, or silently accept; and the valid HOCON the parser refuses, which is read all the same.
/// </summary>
public class HoconSyntaxTests
{
    private const string Minimal = """
        scenario {
          name = "minimal"
          topology {
            devices = [ { id = igpu, driver = i915, outputs = [edp] }, { id = dgpu, driver = amdgpu, outputs = [hdmi] } ]
          }
          clients = [ { name = game, device = dgpu, output = hdmi } ]
        }
        """;

    private static void AssertSyntaxError(string text, string where)
    {
        using var files = new ScenarioFiles();
        var path = files.Write("S1-syntax", text);
        var run = Cli.Run("validate", path);
        Cli.AssertRejected(run, path, "", $"a syntax error at {where}", "well-formed HOCON");
        Assert.Single(run.ErrorLines);
    }

    [Fact]
    public void A_substitution_is_refused_before_it_can_overflow_the_stack()
    {
        AssertSyntaxError(Minimal.Swap("name = \"minimal\"", "frames = ${scenario.frames}"),
            "line 2, column 12: a substitution '${...}' (scenario files take plain values only)");
        AssertSyntaxError(Minimal.Swap("name = \"minimal\"", "name = ${?HOME}"),
            "line 2, column 10: a substitution '${...}' (scenario files take plain values only)");
    }

    [Fact]
    public void A_substitution_inside_a_quoted_string_is_text()
    {
        var s = ScenarioText.Parse(Minimal.Swap("name = \"minimal\"", "name = \"cost ${x}, }\""));
        Assert.Equal("cost ${x}, }", s.Name);
    }

    [Theory]
    [InlineData("include \"other.hocon\"")]
    [InlineData("include file(\"/etc/passwd\")")]
    [InlineData("include required(\"x.conf\")")]
    public void An_include_is_refused_instead_of_crashing_the_parser(string include)
    {
        AssertSyntaxError(include + "\n" + Minimal, "line 1, column 1: an include (scenario files are self-contained)");
    }

    [Fact]
    public void A_key_named_include_is_an_unknown_key_not_an_include()
    {
        var errors = ScenarioText.Errors(Minimal.Swap("name = \"minimal\"", "include = yes"));
        Assert.Equal([$"{ScenarioText.File}: scenario.include: found key 'include', expected one of: id, name, seed, machines, frames, kernel, topology, compositor, policies, clients, timeline, variation, expect"],
            errors);
    }

    [Theory]
    [InlineData("[legacy,, client-hint]", "line 2, column 22")]
    [InlineData("[ , legacy]", "line 2, column 16")]
    [InlineData("[,]", "line 2, column 15")]
    public void An_empty_list_element_is_a_syntax_error(string policies, string where)
    {
        AssertSyntaxError(Minimal.Swap("name = \"minimal\"", $"policies = {policies}"), $"{where}: an empty list element");
    }

    [Fact]
    public void The_parsers_own_errors_name_a_line_and_a_column()
    {
        AssertSyntaxError(Minimal.Swap("name = \"minimal\"", "frames = 3*4"), "line 2, column 13: Unknown token");
    }

    [Fact]
    public void A_comma_after_a_key_brace_field_separates_fields_as_HOCON_says()
    {
        // Akka's parser alone refuses `key { ... },` between two fields of an object.
        var s = ScenarioText.Parse(Minimal
            .Swap("name = \"minimal\"", "kernel { no-move = placement }, frames = 30\n  compositor { primary = integrated },\n  seed = 5")
            .Swap("clients = [", "timeline = [ { unplug { device = dgpu }, frame = 12 } ]\n  clients = ["));
        Assert.Equal(30, s.Frames);
        Assert.Equal(5UL, s.Seed);
        Assert.Equal(Emulation.Kernel.NoMoveSupport.Placement, s.Knobs.NoMove);
        Assert.Equal(Emulation.Messages.Scenarios.PrimaryPreset.Integrated, s.Compositor.Primary);
        var unplug = Assert.IsType<Emulation.Messages.Scenarios.UnplugDevice>(Assert.Single(s.Timeline));
        Assert.Equal(12, unplug.Frame);
    }
}
