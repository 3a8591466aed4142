namespace T2CSim.Experiments.Plots;

using T2CSim.Experiments.Results;

/// <summary>
/// All figures of a sweep, from its CSV files only (so `t2c plot DIR` redraws what a sweep drew):
/// each MetricChart against the multiplier, and the plots over time when the runs had link changes
/// or reconfigurations, and on a graph scenario the slot utilisation per node class (NodeClassCharts).
/// Written to DIR/plots as PNG and SVG. A grid sweep (varied fields) is drawn
/// by GridCharts instead: the main metrics against each varied field, one figure per setting of the
/// other dimensions, in DIR/plots/by_FIELD.
/// </summary>
public static class SweepPlotter
{
    public const string Folder = "plots";

    /// <summary>What a grid sweep draws by itself; `t2c plot DIR --x FIELD --metrics ...` draws any other.</summary>
    public static readonly string[] GridDefaults = ["throughput", "satisfied_ratio"];

    public static List<string> Plot(string dir)
    {
        var runs = Table.Read(Path.Combine(dir, SweepFiles.Runs));
        string scenario = ScenarioOf(runs, dir);
        string output = Path.Combine(dir, Folder);
        var varied = SweepFiles.VariedColumns(runs);
        if (varied.Count > 0)
        {
            var charts = MetricChart.All.Where(c => GridDefaults.Contains(c.File)).ToList();
            return varied.SelectMany(x => GridCharts.Draw(runs, x, charts, new Dictionary<string, string>(), null, output, scenario)).ToList();
        }
        var runSummaries = SummaryTable.Build(runs);
        string timingPath = Path.Combine(dir, SweepFiles.Timing);
        var timingSummaries = File.Exists(timingPath) ? SummaryTable.Build(Table.Read(timingPath), ["cpu_utilization"]) : [];

        var files = new List<string>();
        foreach (var chart in MetricChart.All)
        {
            var source = chart.Source == ChartSource.Runs ? runSummaries : timingSummaries;
            if (source.Count == 0) continue;
            files.AddRange(MultiplierCharts.Draw(chart, source, output, scenario));
        }

        string eventsPath = Path.Combine(dir, SweepFiles.Events), timelinesPath = Path.Combine(dir, SweepFiles.Timelines);
        if (File.Exists(eventsPath) && File.Exists(timelinesPath))
        {
            var events = Table.Read(eventsPath);
            if (TimelineCharts.Wanted(events)) files.AddRange(TimelineCharts.Draw(Table.Read(timelinesPath), events, output, scenario));
        }

        string classesPath = Path.Combine(dir, SweepFiles.NodeClasses);
        if (File.Exists(classesPath) && Table.Read(classesPath) is var classes && NodeClassCharts.Wanted(classes))
            files.AddRange(NodeClassCharts.Draw(classes, output, scenario));
        return files;
    }

    /// <summary>`t2c plot DIR --x FIELD`: the charts against one dimension of the sweep's grid.</summary>
    public static List<string> PlotAgainst(string dir, string x, IReadOnlyList<MetricChart> charts, IReadOnlyDictionary<string, string> at, Comparison? relative)
    {
        var runs = Table.Read(Path.Combine(dir, SweepFiles.Runs));
        return GridCharts.Draw(runs, x, charts, at, relative, Path.Combine(dir, Folder), ScenarioOf(runs, dir));
    }

    private static string ScenarioOf(Table runs, string dir) =>
        runs.Rows.Count > 0 && runs.Has("scenario") ? runs.Text(runs.Rows[0], "scenario") : Path.GetFileName(Path.GetFullPath(dir));
}
