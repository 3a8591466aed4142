namespace T2CSim.Experiments.Sweeps;

using T2CSim.Core.Controller;
using T2CSim.Core.Metrics;

/// <summary>
/// What a sweep keeps of one run: the deterministic summary and timeline, the wall-clock timing
/// (kept apart), the events worth marking on a plot over time (link changes, reconfigurations) and the
/// figures per node class.
/// The full request log is dropped once the run is summarised, so big sweeps stay small in memory.
/// </summary>
public sealed record SweepRun(SweepCell Cell, RunSummary Summary, RunTiming Timing, IReadOnlyList<TimelineBin> Timeline, IReadOnlyList<ControllerEvent> Marks)
{
    /// <summary>Controller events that change the world or a deployment's configuration.</summary>
    public static readonly string[] MarkedKinds = ["link", "background", "tier-lost", "reconfigure"];

    /// <summary>The run's figures per node class (node-classes.csv of `t2c run`), for the sweep's node-classes.csv.</summary>
    public IReadOnlyList<NodeClassFigures> NodeClasses { get; init; } = [];
}
