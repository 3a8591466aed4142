namespace T2CSim.Experiments.Validation;

using ScottPlot;
using T2CSim.Experiments.Plots;

/// <summary>
/// One scenario's latency distributions, simulated against measured: the empirical CDF of the latency
/// of every request that ran, per algorithm (all repeats together), solid measured and dashed simulated
/// in the algorithm's colour. PNG and SVG.
/// </summary>
public static class LatencyDistributionPlot
{
    private static readonly Color[] Colours = [Colors.Blue, Colors.OrangeRed, Colors.Green, Colors.Purple, Colors.Brown];

    public static IReadOnlyList<string> Save(string dir, string scenario, IReadOnlyList<(string Algorithm, double[] SimulatedS, double[] MeasuredS)> series)
    {
        var plot = new Plot();
        var figure = new Figure(plot);
        for (int i = 0; i < series.Count; i++)
        {
            var (algorithm, simulated, measured) = series[i];
            var colour = Colours[i % Colours.Length];
            AddCdf(plot, measured, $"{algorithm} measured", colour, 2, null);
            AddCdf(plot, simulated, $"{algorithm} simulated", colour, 2.5f, line => figure.SetPattern(line, LinePattern.Dashed));
        }
        plot.Title($"{scenario}: latency of the requests that ran, simulated (dashed) vs measured");
        plot.XLabel("latency (ms)");
        plot.YLabel("share of requests at or below");
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Alignment.LowerRight);
        return figure.Save(dir, "latency-" + scenario);
    }

    private static void AddCdf(Plot plot, double[] seconds, string label, Color colour, float width, Action<LineStyle>? pattern)
    {
        var v = seconds.Where(double.IsFinite).Order().ToArray();
        if (v.Length == 0) return;
        var xs = v.Select(s => s * 1000).ToArray();
        var ys = Enumerable.Range(1, v.Length).Select(i => (double)i / v.Length).ToArray();
        var line = plot.Add.ScatterLine(xs, ys, colour);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LineWidth = width;
        line.LegendText = label;
        pattern?.Invoke(line.LineStyle);
    }
}
