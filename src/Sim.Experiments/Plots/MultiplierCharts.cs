namespace T2CSim.Experiments.Plots;

using ScottPlot;
using T2CSim.Experiments.Results;

/// <summary>
/// A metric against the workload multiplier: one line per algorithm through the means of its
/// repeats, with 95% CI error bars; T2C_OPT dashed as the upper bound. Algorithms are shifted
/// sideways by a hair so that error bars at the same multiplier do not hide each other.
/// </summary>
public static class MultiplierCharts
{
    public static IReadOnlyList<string> Draw(MetricChart chart, IReadOnlyList<MetricSummary> summaries, string dir, string scenarioName)
    {
        var points = summaries.Where(s => s.Metric == chart.Column && !double.IsNaN(s.Interval.Mean)).ToList();
        var algorithms = points.Select(p => p.Algorithm).Distinct().ToList();
        var multipliers = points.Select(p => p.Multiplier).Distinct().Order().ToList();
        double span = multipliers.Count > 1 ? multipliers[^1] - multipliers[0] : 1;

        var figure = PlotStyle.NewFigure($"{chart.Title} ({scenarioName})", MetricChart.XLabel, chart.YLabel);
        for (int i = 0; i < algorithms.Count; i++)
        {
            string algorithm = algorithms[i];
            var mine = points.Where(p => p.Algorithm == algorithm).OrderBy(p => p.Multiplier).ToList();
            double shift = (i - (algorithms.Count - 1) / 2.0) * span * 0.006;
            double[] xs = mine.Select(p => p.Multiplier + shift).ToArray();
            double[] ys = mine.Select(p => p.Interval.Mean * chart.Scale).ToArray();
            // A single repeat has no interval: drawn without a bar rather than with a made-up one.
            double[] errors = mine.Select(p => double.IsNaN(p.Interval.HalfWidth) ? 0 : p.Interval.HalfWidth * chart.Scale).ToArray();
            var color = PlotStyle.ColorOf(algorithm);

            var line = figure.Plot.Add.Scatter(xs, ys, color);
            line.LegendText = PlotStyle.LegendOf(algorithm);
            line.LineWidth = PlotStyle.SeriesWidth;
            line.MarkerSize = 10;
            if (PlotStyle.IsUpperBound(algorithm))
            {
                figure.SetPattern(line.LineStyle, LinePattern.Dashed);
                line.MarkerShape = MarkerShape.OpenSquare;
            }

            var bars = figure.Plot.Add.ErrorBar(xs, ys, errors);
            bars.Color = color;
            bars.LineWidth = PlotStyle.ErrorBarWidth;
        }
        figure.Plot.ShowLegend(Alignment.UpperLeft);
        return figure.Save(dir, chart.File);
    }
}
