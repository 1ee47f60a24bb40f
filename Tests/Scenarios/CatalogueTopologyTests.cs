using Emulation.Actors.Scenarios;

namespace Emulation.Tests.Scenarios;

/// <summary>`topology = ID` takes another catalogue scenario's topology; a loop of such references is an error, not a stack overflow.</summary>
public class CatalogueTopologyTests
{
    private const string Own = """
        scenario {
          topology { devices = [ { id = igpu, driver = i915, outputs = [edp] } ] }
          clients = []
        }
        """;

    [Fact]
    public void A_catalogue_id_names_that_scenarios_topology()
    {
        using var files = new ScenarioFiles();
        files.Write("T90-own", Own);
        var user = files.Write("T91-user", Own.Swap("topology { devices = [ { id = igpu, driver = i915, outputs = [edp] } ] }", "topology = t90"));
        var s = ScenarioReader.Load(user, new Catalogue(files.Directory));
        Assert.Equal("T90", s.Topology.Name);
        Assert.Equal("igpu", Assert.Single(s.Topology.Devices).Id);
    }

    [Fact]
    public void A_loop_of_catalogue_topologies_is_reported()
    {
        using var files = new ScenarioFiles();
        var own = "topology { devices = [ { id = igpu, driver = i915, outputs = [edp] } ] }";
        var t90 = files.Write("T90-a", Own.Swap(own, "topology = T91"));
        var t91 = files.Write("T91-b", Own.Swap(own, "topology = T92"));
        files.Write("T92-c", Own.Swap(own, "topology = T90"));
        var e = Assert.Throws<ScenarioException>(() => ScenarioReader.Load("T90", new Catalogue(files.Directory)));
        var error = Assert.Single(e.Errors);
        Assert.Equal(Path.Combine(files.Directory, "T92-c.hocon"), error.File);
        Assert.Equal("scenario.topology", error.Path);
        Assert.Equal("'T90'", error.Found);
        Assert.Equal("a catalogue id whose topology does not lead back here (T90-a.hocon -> T91-b.hocon -> T92-c.hocon -> T90-a.hocon)", error.Expected);
        Assert.True(File.Exists(t90) && File.Exists(t91));
    }

    [Fact]
    public void A_scenario_cannot_take_its_own_topology()
    {
        using var files = new ScenarioFiles();
        var self = files.Write("T90-self", Own.Swap("topology { devices = [ { id = igpu, driver = i915, outputs = [edp] } ] }", "topology = T90"));
        var e = Assert.Throws<ScenarioException>(() => ScenarioReader.Load(self, new Catalogue(files.Directory)));
        var error = Assert.Single(e.Errors);
        Assert.Equal("scenario.topology", error.Path);
        Assert.Equal("vgem-vkms or a catalogue id of another scenario (T90), or topology { ... }", error.Expected);
    }
}
