namespace T2CSim.Experiments.Results;

using T2CSim.Core.Controller;
using T2CSim.Core.Metrics;
using T2CSim.Core.Scenarios;

/// <summary>
/// A run's folder, in either world (one writer, two worlds: `t2c run`, `t2c hil` and both sides of
/// `t2c validate` call it, so a simulated and a measured run can be compared file by file): RunFiles'
/// requests, timeline, summary and timing; NodeFiles' per node class and per link files; devices.csv.
/// </summary>
public static class RunFolder
{
    /// <summary>Every file name written besides RunFiles' four (for the commands' "wrote" lines).</summary>
    public static IReadOnlyList<string> MoreFiles => [.. NodeFiles.FileNames, DeviceFiles.FileName];

    public static void Write(string dir, Scenario scenario, RunLog log, IReadOnlyList<TimelineBin> timeline, RunSummary summary, RunTiming timing, NodeClassUsage? nodes)
    {
        RunFiles.Write(dir, log, timeline, summary, timing);
        if (nodes is not null) NodeFiles.Write(dir, nodes, summary);
        DeviceFiles.Write(Path.Combine(dir, DeviceFiles.FileName), DeviceOutcomes.Of(scenario.Topology, scenario.Models, log.Requests));
    }
}
