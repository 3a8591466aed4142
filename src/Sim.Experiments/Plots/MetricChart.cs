namespace T2CSim.Experiments.Plots;

using T2CSim.Experiments.Results;

/// <summary>Where a chart's values come from: runs.csv (deterministic metrics) or timing.csv (wall clock).</summary>
public enum ChartSource { Runs, Timing }

/// <summary>
/// One figure against the workload multiplier: which column, from which file, how it is scaled for
/// reading (ratios as %, seconds as ms and traffic as kbit/s where those are the natural units: our
/// control and data-plane traffic are a few kbit/s, unreadable as 0.00x Mbps) and the labelled axis.
/// </summary>
public sealed record MetricChart(string File, string Column, ChartSource Source, double Scale, string Title, string YLabel)
{
    /// <summary>The slides' metrics ("Performance Metrics") plotted for every sweep.</summary>
    public static readonly IReadOnlyList<MetricChart> All =
    [
        new("throughput", "throughput", ChartSource.Runs, 1, "Throughput", "Served requests per run"),
        new("satisfied_ratio", "satisfied_ratio", ChartSource.Runs, 100, "Satisfied ratio", "Satisfied ratio (%)"),
        new("latency", "mean_latency_s", ChartSource.Runs, 1000, "Latency", "Mean inference latency (ms)"),
        new("queuing_time", "mean_queuing_s", ChartSource.Runs, 1, "Queuing time", "Mean queuing time (s)"),
        new("planner_cpu", "cpu_utilization", ChartSource.Timing, 100, "Planner CPU utilization", "Planner time / run time (%, wall clock)"),
        new("control_overhead", "control_mbps", ChartSource.Runs, 1000, "Control overhead", "Control traffic (kbit/s)"),
        new("data_plane_throughput", "data_plane_mbps", ChartSource.Runs, 1000, "Data-plane throughput", "Data-plane traffic (kbit/s)"),
    ];

    public const string XLabel = "Workload multiplier (x the 311 trace's rate)";

    public string SourceFile => Source == ChartSource.Runs ? SweepFiles.Runs : SweepFiles.Timing;
}
