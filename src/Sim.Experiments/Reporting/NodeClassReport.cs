namespace T2CSim.Experiments.Reporting;

using System.Globalization;
using T2CSim.Experiments.Plots;
using T2CSim.Experiments.Results;

/// <summary>
/// `t2c report` on a graph sweep: beside the thesis's claims, a Markdown table of its node classes per
/// (algorithm, multiplier), the means over repeats of node-classes.csv's utilisation (docs/topology.md,
/// "Commands on graph scenarios"). Nothing for a chain's sweep (its tiers are one node each) or a sweep
/// written before node-classes.csv existed, so the chain's report is unchanged.
/// </summary>
public static class NodeClassReport
{
    public static readonly string[] Metrics = ["slot_utilisation", "slots_used_peak", "core_utilisation"];

    /// <summary>The table's lines (header first), or none.</summary>
    public static IReadOnlyList<string> Lines(string dir)
    {
        string path = Path.Combine(dir, SweepFiles.NodeClasses);
        if (!File.Exists(path)) return [];
        var classes = Table.Read(path);
        if (!NodeClassCharts.Wanted(classes) || SweepFiles.VariedColumns(classes).Count > 0) return [];
        var lines = new List<string>
        {
            "| node class | nodes | algorithm | multiplier | slot utilisation | peak slots | core utilisation | runs | results |",
            "|---|---|---|---|---|---|---|---|---|",
        };
        var inv = CultureInfo.InvariantCulture;
        string Percent(double v) => double.IsNaN(v) ? "" : (v * 100).ToString("0.0", inv) + " %";
        foreach (var name in classes.Rows.Select(r => classes.Text(r, "class")).Distinct())
        {
            var mine = new Table(classes.Path, classes.Header, classes.Rows.Where(r => classes.Text(r, "class") == name).ToList());
            string nodes = classes.Text(mine.Rows[0], "nodes");
            var summaries = SummaryTable.Build(mine, Metrics);
            foreach (var point in summaries.GroupBy(s => (s.Algorithm, s.Multiplier)))
            {
                double Mean(string metric) => point.First(s => s.Metric == metric).Interval.Mean;
                lines.Add(string.Create(inv,
                    $"| {name} | {nodes} | {point.Key.Algorithm} | {point.Key.Multiplier}x | {Percent(Mean("slot_utilisation"))} | {Mean("slots_used_peak"):0.##} | {Percent(Mean("core_utilisation"))} | {point.First().Interval.N} | {dir} |"));
            }
        }
        return lines;
    }
}
