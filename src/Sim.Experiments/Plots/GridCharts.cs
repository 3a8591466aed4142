namespace T2CSim.Experiments.Plots;

using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;
using T2CSim.Core;
using T2CSim.Experiments.Results;

/// <summary>
/// How a grid figure shows an algorithm: its metric, or its metric against a reference algorithm's
/// in the same run setting and repeat (the same seed, so the same arrivals): the ratio (T2C_M / NEU)
/// or the difference (T2C_MHER − T2C_MHE). Paired per repeat, then averaged with a 95% CI.
/// </summary>
public sealed record Comparison(string Reference, bool Difference);

/// <summary>
/// A metric against any dimension of a sweep's grid (a varied field or the multiplier): one line per
/// algorithm through the means of its repeats, 95% Student-t CI bars, as MultiplierCharts does for the
/// multiplier. Every other dimension is either fixed with `at` or gives one figure per combination of
/// its values. Numeric x values are placed at their value; others (whole sections, e.g. a latency
/// distribution) side by side in the grid's order. Drawn from runs.csv, so `t2c plot` redraws them.
/// </summary>
public static class GridCharts
{
    public const string Multiplier = "multiplier";

    public static List<string> Draw(Table runs, string x, IReadOnlyList<MetricChart> charts, IReadOnlyDictionary<string, string> at,
        Comparison? relative, string dir, string scenario)
    {
        var dims = SweepFiles.VariedColumns(runs).Append(Multiplier).ToList();
        if (!dims.Contains(x)) throw new UserInputException(runs.Path, "--x", $"'{x}' is not a dimension of this sweep (dimensions: {string.Join(", ", dims)})");
        foreach (var key in at.Keys)
            if (!dims.Contains(key) || key == x) throw new UserInputException(runs.Path, $"--at {key}", $"not a dimension other than --x (dimensions: {string.Join(", ", dims)})");
        var rows = runs.Rows.Where(r => at.All(a => Same(runs, r, a.Key, a.Value))).ToList();
        if (rows.Count == 0) throw new UserInputException(runs.Path, "--at", "no run matches");
        if (relative is not null && !rows.Any(r => runs.Text(r, "algorithm") == relative.Reference))
            throw new UserInputException(runs.Path, "--relative-to", $"no run of {relative.Reference} to compare with");

        var others = dims.Where(d => d != x && !at.ContainsKey(d)).ToList();
        var combos = rows.Select(r => others.Select(o => runs.Text(r, o)).ToList()).DistinctBy(c => string.Join('\u001f', c)).ToList();
        var xs = rows.Select(r => runs.Text(r, x)).Distinct().ToList();
        bool numeric = xs.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        if (numeric) xs = xs.OrderBy(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        double Position(string v) => numeric ? double.Parse(v, CultureInfo.InvariantCulture) : xs.IndexOf(v);
        var algorithms = rows.Select(r => runs.Text(r, "algorithm")).Distinct()
            .Where(a => relative is null || a != relative.Reference).OrderBy(PlotStyle.IsUpperBound).ToList();
        var reference = relative is null ? null : rows.Where(r => runs.Text(r, "algorithm") == relative.Reference).ToDictionary(r => SettingOf(runs, r));

        var files = new List<string>();
        string folder = Path.Combine(dir, "by_" + Slug(x));
        foreach (var chart in charts.Where(c => c.Source == ChartSource.Runs && runs.Has(c.Column)))
        {
            // The figures' points as numbers (what docs quote), one file per chart over every combination.
            var table = new List<IReadOnlyList<string>>();
            string stem = chart.File + (relative is null ? "" : (relative.Difference ? "_minus_" : "_over_") + relative.Reference);
            foreach (var combo in combos)
            {
                string where = string.Join(", ", others.Select((o, i) => Label(o, combo[i])).Concat(at.Select(a => Label(a.Key, a.Value))));
                string yLabel = relative is null ? chart.YLabel : relative.Difference ? $"{chart.Title}: algorithm − {relative.Reference}" : $"{chart.Title}: algorithm / {relative.Reference}";
                string title = $"{chart.Title} ({scenario}{(where.Length > 0 ? ", " + where : "")})";
                var figure = PlotStyle.NewFigure(title, XLabel(x), yLabel);
                // A title naming several fixed fields would run off the figure: smaller type rather than cut text.
                if (title.Length > 50) figure.Plot.Title(title, Math.Max(14, PlotStyle.TitleSize * 50 / title.Length));
                double span = numeric && xs.Count > 1 ? Position(xs[^1]) - Position(xs[0]) : Math.Max(1, xs.Count - 1);
                double low = double.PositiveInfinity, high = double.NegativeInfinity;
                for (int i = 0; i < algorithms.Count; i++)
                {
                    var points = new List<(double X, ConfidenceInterval Ci)>();
                    foreach (var v in xs)
                    {
                        var mine = rows.Where(r => runs.Text(r, "algorithm") == algorithms[i] && runs.Text(r, x) == v
                            && others.Select((o, j) => runs.Text(r, o) == combo[j]).All(b => b));
                        var values = mine.Select(r => Value(runs, r, chart, relative, reference)).Where(double.IsFinite).ToList();
                        if (values.Count == 0) continue;
                        var ci = ConfidenceInterval.Of(values);
                        points.Add((Position(v), ci));
                        table.Add([.. combo, v, algorithms[i], CsvTable.Num(ci.N), CsvTable.Num(ci.Mean, 9), CsvTable.Num(ci.HalfWidth, 9)]);
                    }
                    if (points.Count == 0) continue;
                    double shift = (i - (algorithms.Count - 1) / 2.0) * span * 0.006;
                    double scale = relative is { Difference: false } ? 1 : chart.Scale;
                    double[] px = points.Select(p => p.X + shift).ToArray(), py = points.Select(p => p.Ci.Mean * scale).ToArray();
                    double[] pe = points.Select(p => double.IsNaN(p.Ci.HalfWidth) ? 0 : p.Ci.HalfWidth * scale).ToArray();
                    var color = PlotStyle.ColorOf(algorithms[i]);
                    var line = figure.Plot.Add.Scatter(px, py, color);
                    line.LegendText = PlotStyle.LegendOf(algorithms[i]);
                    line.LineWidth = PlotStyle.SeriesWidth;
                    line.MarkerSize = 10;
                    if (PlotStyle.IsUpperBound(algorithms[i])) figure.SetPattern(line.LineStyle, LinePattern.Dashed);
                    var bars = figure.Plot.Add.ErrorBar(px, py, pe);
                    bars.Color = color;
                    bars.LineWidth = PlotStyle.ErrorBarWidth;
                    low = Math.Min(low, py.Zip(pe, (y, e) => y - e).Min());
                    high = Math.Max(high, py.Zip(pe, (y, e) => y + e).Max());
                }
                if (double.IsInfinity(low)) continue;
                figure.Plot.Axes.Bottom.SetTicks(xs.Select(Position).ToArray(), xs.Select(v => x == Multiplier ? v + "x" : Short(v)).ToArray());
                // Categories get room for their labels, which are centred on the outermost ticks.
                double margin = numeric ? span * 0.06 : Math.Max(0.35, span * 0.2);
                figure.Plot.Axes.SetLimitsX(Position(xs[0]) - margin, Position(xs[^1]) + margin);
                // Ratios are read against 1 and differences against 0, so those stay in view; plain metrics start at 0.
                double floor = relative is null ? 0 : Math.Min(low, relative.Difference ? 0 : 1);
                double ceiling = relative is null ? high : Math.Max(high, relative.Difference ? 0 : 1);
                double pad = Math.Max(ceiling - floor, 1e-9) * 0.06;
                figure.Plot.Axes.SetLimitsY(relative is null ? 0 : floor - pad, ceiling + pad);
                PlotStyle.LegendOutside(figure);
                string name = stem
                    + (combo.Count > 0 ? "__" + string.Join("__", others.Select((o, j) => Slug(Last(o)) + "-" + Slug(combo[j]))) : "");
                files.AddRange(figure.Save(folder, name));
            }
            if (table.Count == 0) continue;
            string csv = Path.Combine(folder, stem + ".csv");
            CsvTable.Write(csv, [.. others, x, "algorithm", "n", "mean", "ci95_half_width"], table);
            files.Add(csv);
        }
        return files;
    }

    /// <summary>The run setting of a row: every key column but the algorithm (varied fields, multiplier, repeat).</summary>
    private static string SettingOf(Table runs, string[] row) =>
        string.Join('\u001f', SweepFiles.VariedColumns(runs).Append(Multiplier).Append("repeat").Select(c => runs.Text(row, c)));

    private static double Value(Table runs, string[] row, MetricChart chart, Comparison? relative, Dictionary<string, string[]>? reference)
    {
        double v = runs.Number(row, chart.Column);
        if (relative is null) return v;
        if (!reference!.TryGetValue(SettingOf(runs, row), out var r)) return double.NaN;
        double b = runs.Number(r, chart.Column);
        return relative.Difference ? v - b : b != 0 ? v / b : double.NaN;
    }

    private static bool Same(Table runs, string[] row, string column, string value) =>
        column == Multiplier
            ? double.TryParse(value.TrimEnd('x'), NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && runs.Number(row, column) == m
            : runs.Text(row, column) == value;

    private static string XLabel(string x) => x == Multiplier ? MetricChart.XLabel : x;
    private static string Label(string dim, string value) => dim == Multiplier ? value + "x" : $"{Last(dim)}={Short(value)}";

    /// <summary>A section or list value as its values alone, for ticks and titles: `{distribution: uniform, low: 0.2, high: 0.3}` -> `uniform 0.2 0.3`.</summary>
    internal static string Short(string value) =>
        value.Length > 0 && value[0] is '{' or '['
            ? Regex.Replace(Regex.Replace(value, @"[A-Za-z_][\w.]*:\s*", ""), @"[\[\]{},']+\s*", " ").Trim()
            : value;
    private static string Last(string path) => path[(path.LastIndexOf('.') + 1)..];

    /// <summary>A file-name-safe form of a field or value; long values (whole sections) are cut and keep a hash to stay distinct.</summary>
    internal static string Slug(string text)
    {
        string slug = Regex.Replace(text, "[^A-Za-z0-9.-]+", "_").Trim('_');
        if (slug.Length <= 40) return slug;
        uint hash = 2166136261;
        foreach (char c in text) hash = (hash ^ c) * 16777619;
        return slug[..32] + "_" + hash.ToString("x8", CultureInfo.InvariantCulture);
    }
}
