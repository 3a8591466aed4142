namespace T2CSim.Experiments.Results;

using static T2CSim.Experiments.Results.CsvTable;

/// <summary>
/// One line of summary.csv: a metric of one (algorithm, grid point, multiplier) over its repeats.
/// Point holds the values of the grid's varied fields (empty for a sweep of multipliers alone).
/// </summary>
public sealed record MetricSummary(string Algorithm, double Multiplier, string Metric, ConfidenceInterval Interval)
{
    public IReadOnlyList<string> Point { get; init; } = [];
}

/// <summary>
/// summary.csv, tidy (one row per algorithm, grid point, multiplier and metric): n, mean, standard
/// deviation and 95% CI half-width of every numeric metric of runs.csv. Computed from the CSV, not from
/// memory, so `t2c plot`, `t2c report` and `t2c merge` recompute exactly what the sweep wrote. The
/// same reduction applied to timing.csv gives the planner CPU per point. The grid's varied fields are
/// columns between algorithm and multiplier, as in runs.csv.
/// </summary>
public static class SummaryTable
{
    public static readonly string[] Header = ["algorithm", "multiplier", "metric", "n", "mean", "sd", "ci95_half_width"];

    public static string[] HeaderWith(IReadOnlyList<string> varied) => ["algorithm", .. varied, .. Header.Skip(1)];

    /// <summary>The metric columns of a runs.csv or timing.csv: every column but the run's key, its varied fields and its description.</summary>
    public static IReadOnlyList<string> MetricColumns(Table runs)
    {
        var varied = SweepFiles.VariedColumns(runs);
        return runs.Header.Where(c => !SweepFiles.RunKey.Contains(c) && !SweepFiles.Descriptive.Contains(c) && !varied.Contains(c)).ToList();
    }

    /// <summary>Algorithms in order of first appearance (the sweep's order), grid points likewise, multipliers ascending.</summary>
    public static List<MetricSummary> Build(Table runs, IReadOnlyList<string>? metrics = null)
    {
        metrics ??= MetricColumns(runs);
        var varied = SweepFiles.VariedColumns(runs);
        string PointOf(string[] r) => string.Join('\u001f', varied.Select(v => runs.Text(r, v)));
        var algorithms = runs.Rows.Select(r => runs.Text(r, "algorithm")).Distinct().ToList();
        var points = runs.Rows.Select(PointOf).Distinct().ToList();
        var result = new List<MetricSummary>();
        foreach (var group in runs.Rows
            .GroupBy(r => (Algorithm: runs.Text(r, "algorithm"), Point: PointOf(r), Multiplier: runs.Number(r, "multiplier")))
            .OrderBy(g => algorithms.IndexOf(g.Key.Algorithm)).ThenBy(g => points.IndexOf(g.Key.Point)).ThenBy(g => g.Key.Multiplier))
        {
            var point = varied.Select(v => runs.Text(group.First(), v)).ToList();
            foreach (var metric in metrics)
            {
                // Empty cells (a metric undefined in a run, e.g. no request ran) are left out of the mean.
                var values = group.Select(r => runs.Number(r, metric)).Where(v => !double.IsNaN(v)).ToList();
                result.Add(new MetricSummary(group.Key.Algorithm, group.Key.Multiplier, metric, ConfidenceInterval.Of(values)) { Point = point });
            }
        }
        return result;
    }

    public static void Write(string path, IEnumerable<MetricSummary> rows, IReadOnlyList<string>? varied = null) =>
        CsvTable.Write(path, HeaderWith(varied ?? []), rows.Select(s => (IReadOnlyList<string>)
            [s.Algorithm, .. s.Point, Num(s.Multiplier), s.Metric, Num(s.Interval.N), Num(s.Interval.Mean, 9), Num(s.Interval.StdDev, 9), Num(s.Interval.HalfWidth, 9)]));

    /// <summary>Writes the summary of a runs.csv (the sweep's, a merge's) beside it.</summary>
    public static void WriteOf(string runsPath, string summaryPath)
    {
        var runs = Table.Read(runsPath);
        Write(summaryPath, Build(runs), SweepFiles.VariedColumns(runs));
    }

    /// <summary>Reads a summary.csv back.</summary>
    public static List<MetricSummary> Read(string path)
    {
        var table = Table.Read(path);
        var varied = SweepFiles.VariedColumns(table);
        return table.Rows.Select(r => new MetricSummary(
            table.Text(r, "algorithm"), table.Number(r, "multiplier"), table.Text(r, "metric"),
            new ConfidenceInterval((int)table.Number(r, "n"), table.Number(r, "mean"), table.Number(r, "sd"), table.Number(r, "ci95_half_width")))
            { Point = varied.Select(v => table.Text(r, v)).ToList() }).ToList();
    }
}
