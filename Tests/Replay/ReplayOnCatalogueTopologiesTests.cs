using System.Text.Json;
using Emulation.Actors.Scenarios;
using Emulation.Host.Replay;
using Emulation.Actors.Uapi;

namespace Emulation.Tests.Replay;

/// <summary>`replay --topology Txx` works for every catalogue id that ships (docs/traces.md, "Topologies and knobs").</summary>
public sealed class ReplayOnCatalogueTopologiesTests
{
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var (id, _) in Catalogue.Default.Entries()) data.Add(id);
        data.Add("t01");
        return data;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void A_trace_over_every_device_replays_on_the_catalogue_topology(string id)
    {
        var topology = ScenarioReader.LoadTopology(id, Catalogue.Default);
        var path = Path.Combine(Path.GetTempPath(), $"catalogue-{id}-{Guid.NewGuid():N}.seq");
        File.WriteAllLines(path, TraceOver(topology));
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = Replayer.Run(new ReplayRequest(path, Topology: id), stdout, stderr);
            Assert.True(code == 0, $"exit {code}\n{stderr}\n{stdout}");
            var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(4 * topology.Devices.Length + 1, lines.Length);
            Assert.All(lines, l => Assert.True(!JsonDocument.Parse(l).RootElement.TryGetProperty("pass", out var pass) || pass.GetBoolean(), l));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Opens every device, allocates where each can, exports the first buffer and imports it everywhere.</summary>
    private static IEnumerable<string> TraceOver(Topology t)
    {
        for (var d = 0; d < t.Devices.Length; d++)
            yield return $"open F{d} {t.Devices[d].Id} => ok";
        var first = -1;
        for (var d = 0; d < t.Devices.Length; d++)
        {
            var placement = t.Devices[d].Allocatable.InChainOrder().First();
            yield return $"alloc H{d} F{d} 4096 {placement.Name()} => ok placement={placement.Name()}";
            if (first < 0) first = d;
        }
        yield return $"export D F{first} H{first} CLOEXEC|RDWR => ok";
        for (var d = 0; d < t.Devices.Length; d++)
        {
            yield return $"import I{d} F{d} D 0";
            yield return $"query F{first} H{first} => ok";
        }
    }
}
