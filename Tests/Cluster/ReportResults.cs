using System.Text.Json;
using Emulation.Actors.Machines;
using Emulation.Host.Reports;

namespace Emulation.Tests.Cluster;

/// <summary>The `results` object of a run's report, as written: what must be byte-identical on any nodes.</summary>
internal static class ReportResults
{
    public static string Of(ScenarioOutcome outcome, RunInfo run) =>
        JsonDocument.Parse(ReportWriter.Write(outcome, run)).RootElement.GetProperty("results").GetRawText();
}
