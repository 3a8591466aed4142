namespace T2CSim.Experiments.Plots;

using T2CSim.Experiments.Results;

/// <summary>
/// All figures of a sweep, from its CSV files only (so `t2c plot DIR` redraws what a sweep drew):
/// each MetricChart against the multiplier, and the plots over time when the runs had link changes
/// or reconfigurations. Written to DIR/plots as PNG and SVG.
/// </summary>
public static class SweepPlotter
{
    public const string Folder = "plots";

    public static List<string> Plot(string dir)
    {
        var runs = Table.Read(Path.Combine(dir, SweepFiles.Runs));
        string scenario = runs.Rows.Count > 0 && runs.Has("scenario") ? runs.Text(runs.Rows[0], "scenario") : Path.GetFileName(Path.GetFullPath(dir));
        string output = Path.Combine(dir, Folder);
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
        return files;
    }
}
