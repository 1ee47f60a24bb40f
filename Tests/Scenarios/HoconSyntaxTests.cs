namespace Emulation.Tests.Scenarios;

/// <summary>
/// What the strict reading in front of Akka's parser catches, with a line and a column: what that parser
/// would crash on (substitution cycles overflow the stack, includes throw a null reference), loop on
/// forever (found by inserting and deleting characters all over T01), or silently accept; and the valid
/// HOCON it refuses, which is read all the same.
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
        var validate = Task.Run(() => Cli.Run("validate", path));
        Assert.True(validate.Wait(TimeSpan.FromSeconds(30)), "validate did not finish");
        var run = validate.Result;
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
        Assert.Equal([$"{ScenarioText.File}: scenario.include: found key 'include', expected one of: id, name, seed, machines, frames, kernel, topology, compositor, policies, clients, timeline, variation, expect, cluster"],
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

    // Each of these made Akka's parser loop forever, allocating, once it had lost its place inside a list.
    [Theory]
    [InlineData("{ id = igpu, driver = i915,", "{ id = igpu, {} driver = i915,", "line 4, column 30: '{' where a key was expected")]
    [InlineData("devices = [ {", "devices = [ = {", "line 4, column 17: a '=' in a list (quote the value, or write key = value inside { ... })")]
    [InlineData("devices = [ {", "devices = [ : {", "line 4, column 17: a ':' in a list (quote the value, or write key = value inside { ... })")]
    [InlineData("outputs = [edp]", "outputs = [edp*]", "line 4, column 59: a '*' outside quotes (quote the value)")]
    [InlineData("driver = i915,", "driver = i9,15,", "line 4, column 44: ',' where '=', ':' or '{' was expected after the key '15'")]
    [InlineData("outputs = [hdmi]", "outputs = [hdmi] = x", "line 4, column 111: '=' where ',' or a new line between two fields was expected")]
    [InlineData("driver = amdgpu", "driver. = amdgpu", "line 4, column 84: ' ' where a key was expected")]
    [InlineData("driver = amdgpu", "driver amdgpu", "line 4, column 84: 'a' where '=', ':' or '{' was expected after the key 'driver'")]
    [InlineData("outputs = [edp]", "outputs = [edp]]", "line 4, column 60: ']' where '}' was expected, to close the '{' at line 4, column 17")]
    public void Text_that_made_Akkas_parser_loop_forever_is_refused_in_time(string old, string replacement, string where)
    {
        AssertSyntaxError(Minimal.Swap(old, replacement), where);
    }

    [Fact]
    public void A_character_HOCON_keeps_out_of_unquoted_values_is_reported_where_it_is()
    {
        AssertSyntaxError(Minimal.Swap("name = \"minimal\"", "frames = 3*4"), "line 2, column 13: a '*' outside quotes (quote the value)");
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
        Assert.Equal(Emulation.Actors.Uapi.NoMoveSupport.Placement, s.Knobs.NoMove);
        Assert.Equal(Emulation.Messages.Scenarios.PrimaryPreset.Integrated, s.Compositor.Primary);
        var unplug = Assert.IsType<Emulation.Messages.Scenarios.UnplugDevice>(Assert.Single(s.Timeline));
        Assert.Equal(12, unplug.Frame);
    }
}
