namespace T2CSim.Core.Running;

using T2CSim.Core.Controller;
using T2CSim.Core.Metrics;

/// <summary>What one run produced, in either world: the thesis's metrics, the timing, the logs and the controller.</summary>
public sealed record RunResult(RunSummary Summary, RunTiming Timing, RunLog Log, IReadOnlyList<TimelineBin> Timeline, T2CController Controller)
{
    /// <summary>Per node class and link class over the run (node-classes.csv and the other files of RunFiles.WriteNodes).</summary>
    public NodeClassUsage? Nodes { get; init; }
}
