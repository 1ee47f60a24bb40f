using Emulation.Actors.Uapi;
using Emulation.Tests.Kernel.Support;

namespace Emulation.Tests.Scenarios;

/// <summary>
/// docs/scenarios.md lists each driver profile's columns ("The drivers' values"). Each row is read back as that
/// driver with every column overridden to the value the row gives: the profile must come out equal to the
/// driver's own, so a row that drifts from <see cref="DriverProfile"/> (or a driver without a row) fails here.
/// </summary>
public class DriverTableDocTests
{
    [Fact]
    public void Each_drivers_row_in_the_docs_is_the_drivers_profile()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Find(), "docs", "scenarios.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("| driver | importer |", StringComparison.Ordinal));
        Assert.True(start >= 0, "docs/scenarios.md has no drivers' values table");
        static string[] Cells(string line) => [.. line.Trim().Trim('|').Split('|').Select(c => c.Trim())];
        var header = Cells(lines[start]);
        var rows = lines.Skip(start + 2).TakeWhile(l => l.StartsWith('|')).Select(Cells).ToList();
        Assert.Equal(DriverProfile.All.Select(p => p.Name), rows.Select(r => r[0].Trim('`')));

        foreach (var row in rows)
        {
            var driver = row[0].Trim('`');
            var columns = header.Skip(1).Zip(row.Skip(1))
                .Where(c => !c.Second.Contains(' '))
                .Select(c => $"{c.First} = {c.Second}");
            var text = $$"""
                scenario {
                  topology { devices = [
                    { id = d, driver = {{driver}}, profile { {{string.Join(", ", columns)}} } }
                    { id = r, driver = amdgpu, outputs = [o] }
                  ] }
                  clients = [ { name = c, device = r, output = o } ]
                }
                """;
            var profile = ScenarioText.Parse(text).Topology.Devices[0].Profile;
            Assert.Equal(DriverProfile.All.Single(p => p.Name == driver), profile);
        }
    }
}
