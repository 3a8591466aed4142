namespace T2CSim.Experiments.Plots;

using ScottPlot;
using T2CSim.Experiments.Results;

/// <summary>
/// A metric against the workload multiplier: one line per algorithm through the means of its
/// repeats, with 95% CI error bars; T2C_OPT black and dashed as the upper bound, drawn last so that
/// it stays visible over the greedy planner it bounds. Algorithms are shifted sideways by a hair so
/// that error bars at the same multiplier do not hide each other. The x ticks are the multipliers
/// run; the y axis starts at 0 (every metric is non-negative, so a CI bar below 0 is cut there), and
/// the legend sits outside the data area.
/// </summary>
public static class MultiplierCharts
{
    public static IReadOnlyList<string> Draw(MetricChart chart, IReadOnlyList<MetricSummary> summaries, string dir, string scenarioName)
    {
        var points = summaries.Where(s => s.Metric == chart.Column && !double.IsNaN(s.Interval.Mean)).ToList();
        // The upper bound last, so that it is drawn over the series it bounds.
        var algorithms = points.Select(p => p.Algorithm).Distinct().OrderBy(PlotStyle.IsUpperBound).ToList();
        var multipliers = points.Select(p => p.Multiplier).Distinct().Order().ToList();
        double span = multipliers.Count > 1 ? multipliers[^1] - multipliers[0] : 1;
        double top = 0;

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
                line.MarkerSize = 14;
            }
            top = Math.Max(top, ys.Zip(errors, (y, e) => y + e).DefaultIfEmpty(0).Max());

            var bars = figure.Plot.Add.ErrorBar(xs, ys, errors);
            bars.Color = color;
            bars.LineWidth = PlotStyle.ErrorBarWidth;
        }
        figure.Plot.Axes.Bottom.SetTicks(multipliers.ToArray(), multipliers.Select(m => m.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + "x").ToArray());
        double pad = span * 0.05;
        figure.Plot.Axes.SetLimitsX(multipliers[0] - pad, multipliers[^1] + pad);
        figure.Plot.Axes.SetLimitsY(0, top > 0 ? top * 1.06 : 1);
        PlotStyle.LegendOutside(figure);
        return figure.Save(dir, chart.File);
    }
}
