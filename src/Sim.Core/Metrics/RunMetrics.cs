namespace T2CSim.Core.Metrics;

using T2CSim.Core.Controller;
using T2CSim.Core.Scenarios;

/// <summary>
/// The metrics of a finished run, from its controller and what its world measured: the same
/// computation for a simulated run (Experiment) and a hardware-in-the-loop run (HilRunner).
/// </summary>
public static class RunMetrics
{
    /// <param name="samples">Deployed models and queue length sampled during the run, for the timeline.</param>
    /// <param name="events">Events processed (simulation) or requests handled (testbed), for the timing file.</param>
    public static (RunSummary Summary, RunTiming Timing, IReadOnlyList<TimelineBin> Timeline) Of(
        Scenario scenario, long seed, T2CController controller, IReadOnlyList<long> linkBytes, long controlBytes,
        IReadOnlyList<(double TimeS, int Active, int Queued)> samples, double wallS, long events)
    {
        var algorithm = controller.Algorithm.Name;
        double multiplier = scenario.Workload.Multiplier;
        var summary = RunSummary.From(scenario.Name, algorithm, multiplier, seed, scenario.DurationS, controller.Log,
            controller.ReconfigurationManager?.Reconfigurations ?? 0, controller.DeploymentManager.PlannerCalls, linkBytes, controlBytes,
            k => scenario.Topology.Links[k].Child < 0);
        double plannerS = controller.DeploymentManager.PlannerTime.TotalSeconds;
        var timing = new RunTiming(algorithm, multiplier, seed, controller.DeploymentManager.PlannerCalls,
            plannerS, plannerS / scenario.DurationS, wallS, events);
        var timeline = Timeline.Build(controller.Log, scenario.DurationS, samples);
        if (MetricCatalog.Names.Count > 0)
            summary = summary with { Extra = MetricCatalog.Compute(new FinishedRun(scenario, algorithm, seed, controller.Log, timeline, summary)) };
        return (summary, timing, timeline);
    }
}
