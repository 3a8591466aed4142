namespace T2CSim.Experiments.Results;

using T2CSim.Core.Controller;
using T2CSim.Core.Metrics;
using static T2CSim.Experiments.Results.CsvTable;

/// <summary>
/// The files of one run: requests.csv (a row per request), timeline.csv (5 s bins), summary.csv (the
/// run's metrics, deterministic) and timing.csv (planner wall time: not deterministic, kept apart).
/// `t2c run` and `t2c hil` write the same files.
/// </summary>
public static class RunFiles
{
    public static readonly string[] RequestHeader =
    [
        "id", "arrival_s", "model", "task", "min_accuracy", "max_latency_s", "attachment", "deployment",
        "exit", "exit_accuracy", "partition", "predicted_latency_s", "queuing_s", "latency_s", "outcome", "reason",
    ];

    public static IReadOnlyList<string> RequestRow(RequestRecord r) =>
    [
        Num(r.Request.Id), Num(r.Request.ArrivalS), r.Request.Model, r.Request.Task, Num(r.Request.MinAccuracy), Num(r.Request.MaxLatencyS),
        r.Attachment.ToString().ToLowerInvariant(), r.DeploymentId < 0 ? "" : Num(r.DeploymentId),
        r.Exit, Num(r.ExitAccuracy), r.Partition, Num(r.PredictedLatencyS), Num(r.QueuingS), r.Ran ? Num(r.LatencyS) : "",
        r.Outcome.ToString().ToLowerInvariant(), r.Reason,
    ];

    public static readonly string[] TimelineHeader =
    [
        "start_s", "arrived", "completed", "served", "missed", "satisfied_ratio", "mean_latency_s",
        "active_deployments", "queued", "reconfigurations", "events",
    ];

    public static IReadOnlyList<string> TimelineRow(TimelineBin b) =>
    [
        Num(b.StartS), Num(b.Arrived), Num(b.Completed), Num(b.Served), Num(b.Missed), Num(b.SatisfiedRatio), Num(b.MeanLatencyS),
        Num(b.ActiveDeployments), Num(b.Queued), Num(b.Reconfigurations), b.Events,
    ];

    /// <summary>The run's metrics as named columns: summary.csv and every row of a sweep's runs.csv.</summary>
    public static IReadOnlyList<(string Name, string Value)> SummaryColumns(RunSummary s)
    {
        var columns = new List<(string, string)>
        {
            ("scenario", s.Scenario), ("algorithm", s.Algorithm), ("multiplier", Num(s.Multiplier)), ("seed", Num(s.Seed)),
            ("duration_s", Num(s.DurationS)), ("arrived", Num(s.Arrived)), ("served", Num(s.Served)),
            ("missed", Num(s.Missed)), ("missed_latency", Num(s.MissedLatency)), ("missed_accuracy", Num(s.MissedAccuracy)),
            ("unserved", Num(s.Unserved)), ("unserved_queued", Num(s.UnservedQueued)), ("unserved_unfinished", Num(s.UnservedUnfinished)),
            ("unserved_lost", Num(s.UnservedLost)), ("hitchhiked", Num(s.Hitchhiked)),
            ("throughput", Num(s.Served)), ("satisfied_ratio", Num(s.SatisfiedRatio)), ("served_fraction", Num(s.ServedFraction)),
            ("mean_latency_s", Num(s.MeanLatencyS)), ("p95_latency_s", Num(s.P95LatencyS)), ("mean_accuracy", Num(s.MeanAccuracy)),
            ("mean_queuing_s", Num(s.MeanQueuingS)), ("deployments", Num(s.Deployments)), ("mean_deployment_time_s", Num(s.MeanDeploymentTimeS)),
            ("reconfigurations", Num(s.Reconfigurations)), ("planner_calls", Num(s.PlannerCalls)),
            ("data_plane_mbps", Num(s.DataPlaneMbps)), ("control_bytes", Num(s.ControlBytes)), ("control_mbps", Num(s.ControlMbps)),
        };
        for (int i = 0; i < s.LinkMbps.Length; i++) columns.Add(($"link{i}_mbps", Num(s.LinkMbps[i])));
        // Registered metrics (MetricCatalog) last, so the built-in columns keep their places.
        foreach (var m in s.Extra)
        {
            if (columns.Any(c => c.Item1 == m.Name)) throw new T2CSim.Core.UserInputException(null, "metric", $"'{m.Name}' is already a column of summary.csv");
            columns.Add((m.Name, Num(m.Value)));
        }
        return columns;
    }

    public static readonly string[] TimingHeader = ["algorithm", "multiplier", "seed", "planner_calls", "planner_cpu_s", "cpu_utilization", "wall_s", "events"];

    public static IReadOnlyList<string> TimingRow(RunTiming t) =>
        [t.Algorithm, Num(t.Multiplier), Num(t.Seed), Num(t.PlannerCalls), Num(t.PlannerCpuS, 9), Num(t.CpuUtilization, 9), Num(t.WallS, 4), Num(t.Events)];

    public static void Write(string dir, RunLog log, IReadOnlyList<TimelineBin> timeline, RunSummary summary, RunTiming timing)
    {
        Directory.CreateDirectory(dir);
        CsvTable.Write(Path.Combine(dir, "requests.csv"), RequestHeader, log.Requests.Select(RequestRow));
        CsvTable.Write(Path.Combine(dir, "timeline.csv"), TimelineHeader, timeline.Select(TimelineRow));
        var columns = SummaryColumns(summary);
        CsvTable.Write(Path.Combine(dir, "summary.csv"), columns.Select(c => c.Name).ToList(), [columns.Select(c => c.Value).ToList()]);
        CsvTable.Write(Path.Combine(dir, "timing.csv"), TimingHeader, [TimingRow(timing)]);
    }
}
