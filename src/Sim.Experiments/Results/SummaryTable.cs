namespace T2CSim.Experiments.Results;

using static T2CSim.Experiments.Results.CsvTable;

/// <summary>One line of summary.csv: a metric of one (algorithm, multiplier) over its repeats.</summary>
public sealed record MetricSummary(string Algorithm, double Multiplier, string Metric, ConfidenceInterval Interval);

/// <summary>
/// summary.csv, tidy (one row per algorithm, multiplier and metric): n, mean, standard deviation and
/// 95% CI half-width of every numeric metric of runs.csv. Computed from the CSV, not from memory, so
/// `t2c plot` and `t2c report` recompute exactly what the sweep wrote. The same reduction applied to
/// timing.csv gives the planner CPU per point.
/// </summary>
public static class SummaryTable
{
    public static readonly string[] Header = ["algorithm", "multiplier", "metric", "n", "mean", "sd", "ci95_half_width"];

    /// <summary>The metric columns of a runs.csv or timing.csv: every column but the run's key and description.</summary>
    public static IReadOnlyList<string> MetricColumns(Table runs) =>
        runs.Header.Where(c => !SweepFiles.RunKey.Contains(c) && !SweepFiles.Descriptive.Contains(c)).ToList();

    /// <summary>Algorithms in order of first appearance (the sweep's order), multipliers ascending.</summary>
    public static List<MetricSummary> Build(Table runs, IReadOnlyList<string>? metrics = null)
    {
        metrics ??= MetricColumns(runs);
        var algorithms = runs.Rows.Select(r => runs.Text(r, "algorithm")).Distinct().ToList();
        var result = new List<MetricSummary>();
        foreach (var group in runs.Rows
            .GroupBy(r => (Algorithm: runs.Text(r, "algorithm"), Multiplier: runs.Number(r, "multiplier")))
            .OrderBy(g => algorithms.IndexOf(g.Key.Algorithm)).ThenBy(g => g.Key.Multiplier))
        {
            foreach (var metric in metrics)
            {
                // Empty cells (a metric undefined in a run, e.g. no request ran) are left out of the mean.
                var values = group.Select(r => runs.Number(r, metric)).Where(v => !double.IsNaN(v)).ToList();
                result.Add(new MetricSummary(group.Key.Algorithm, group.Key.Multiplier, metric, ConfidenceInterval.Of(values)));
            }
        }
        return result;
    }

    public static void Write(string path, IEnumerable<MetricSummary> rows) =>
        CsvTable.Write(path, Header, rows.Select(s => (IReadOnlyList<string>)
            [s.Algorithm, Num(s.Multiplier), s.Metric, Num(s.Interval.N), Num(s.Interval.Mean, 9), Num(s.Interval.StdDev, 9), Num(s.Interval.HalfWidth, 9)]));

    /// <summary>Reads a summary.csv back.</summary>
    public static List<MetricSummary> Read(string path)
    {
        var table = Table.Read(path);
        return table.Rows.Select(r => new MetricSummary(
            table.Text(r, "algorithm"), table.Number(r, "multiplier"), table.Text(r, "metric"),
            new ConfidenceInterval((int)table.Number(r, "n"), table.Number(r, "mean"), table.Number(r, "sd"), table.Number(r, "ci95_half_width")))).ToList();
    }
}
