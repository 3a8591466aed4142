namespace T2CSim.Experiments.Plots;

using System.Globalization;
using ScottPlot;
using T2CSim.Experiments.Results;

/// <summary>
/// The operation phase's figures: satisfied ratio, latency and served requests over time, one figure per multiplier,
/// a line per algorithm (the mean over repeats of each 5 s bin that completed a request), with the
/// link changes (the bandwidth cut) as black dashed vertical lines and each reconfiguring
/// algorithm's reconfigurations in repeat 0 as dotted lines of its colour. Lines of equal value stay
/// visible (the earlier series is drawn wider) and the legend sits outside the data area.
/// </summary>
public static class TimelineCharts
{
    /// <param name="YMax">Fixed top of the y axis (a ratio's 100%), or null to fit the data.</param>
    /// <param name="Cumulative">Plot the running sum of the bins' means (counts), not each bin's mean.</param>
    private sealed record Series(string File, string Column, double Scale, string Title, string YLabel, double? YMax, bool Cumulative = false);

    private static readonly Series[] All =
    [
        new("timeline_satisfied_ratio", "satisfied_ratio", 100, "Satisfied ratio over time", "Satisfied ratio (%)", 105),
        new("timeline_latency", "mean_latency_s", 1000, "Latency over time", "Mean inference latency (ms)", null),
        // What the satisfied ratio cannot show: hitchhiking does not attach a request to a model
        // predicted to miss it, so after a cut the loss shows as fewer requests served, not as misses.
        // Cumulative: a few requests more per bin are invisible in 5 s bins' noise, not in the sum.
        new("timeline_served", "served", 1, "Served requests over time", "Requests served since t = 0", null, Cumulative: true),
    ];

    /// <summary>Plots over time are drawn for sweeps where something happens during a run.</summary>
    public static bool Wanted(Table events) => events.Rows.Count > 0;

    public static List<string> Draw(Table timelines, Table events, string dir, string scenarioName)
    {
        var files = new List<string>();
        var algorithms = timelines.Rows.Select(r => timelines.Text(r, "algorithm")).Distinct().ToList();
        foreach (double multiplier in timelines.Rows.Select(r => timelines.Number(r, "multiplier")).Distinct().Order())
        {
            string x = multiplier.ToString("0.###", CultureInfo.InvariantCulture) + "x";
            foreach (var series in All)
            {
                var figure = PlotStyle.NewFigure($"{series.Title} ({scenarioName}, {x})", "Time (s)", series.YLabel);
                for (int i = 0; i < algorithms.Count; i++)
                {
                    string algorithm = algorithms[i];
                    var bins = timelines.Rows
                        .Where(r => timelines.Text(r, "algorithm") == algorithm && timelines.Number(r, "multiplier") == multiplier)
                        .GroupBy(r => timelines.Number(r, "start_s"))
                        .Select(g => (Start: g.Key, Values: g.Select(r => timelines.Number(r, series.Column)).Where(v => !double.IsNaN(v)).ToList()))
                        .Where(b => b.Values.Count > 0)
                        .OrderBy(b => b.Start)
                        .ToList();
                    if (bins.Count == 0) continue;
                    double width = BinWidth(timelines);
                    double[] ys = bins.Select(b => b.Values.Average() * series.Scale).ToArray();
                    if (series.Cumulative)
                        for (int k = 1; k < ys.Length; k++) ys[k] += ys[k - 1];
                    // A cumulative count is read at the end of its bin, a bin's mean at its middle.
                    double at = series.Cumulative ? width : width / 2;
                    var line = figure.Plot.Add.Scatter(bins.Select(b => b.Start + at).ToArray(), ys, PlotStyle.ColorOf(algorithm));
                    line.LegendText = PlotStyle.LegendOf(algorithm);
                    // Earlier series wider, so that two algorithms with equal values both stay visible.
                    line.LineWidth = PlotStyle.SeriesWidth + 3 * (algorithms.Count - 1 - i);
                    line.MarkerSize = 6;
                    if (PlotStyle.IsUpperBound(algorithm)) figure.SetPattern(line.LineStyle, LinePattern.Dashed);
                }
                Mark(figure, events, multiplier);
                figure.Plot.Axes.AutoScale();
                double dataTop = figure.Plot.Axes.GetLimits().Top;
                // The whole run on the x axis, so the bandwidth cut sits where it happened in time.
                figure.Plot.Axes.SetLimitsX(0, timelines.Rows.Max(r => timelines.Number(r, "start_s")) + BinWidth(timelines));
                if (series.YMax is { } top) figure.Plot.Axes.SetLimitsY(0, top);
                else figure.Plot.Axes.SetLimitsY(0, dataTop * 1.05);
                PlotStyle.LegendOutside(figure);
                files.AddRange(figure.Save(dir, $"{series.File}_{x}"));
            }
        }
        return files;
    }

    private static double BinWidth(Table timelines)
    {
        var starts = timelines.Rows.Select(r => timelines.Number(r, "start_s")).Distinct().Order().Take(2).ToList();
        return starts.Count == 2 ? starts[1] - starts[0] : 5;
    }

    /// <summary>Link changes are the same in every run, so repeat 0 of the first algorithm shows them.</summary>
    private static void Mark(Figure figure, Table events, double multiplier)
    {
        var here = events.Rows.Where(r => events.Number(r, "multiplier") == multiplier && events.Number(r, "repeat") == 0).ToList();
        string? first = here.Select(r => events.Text(r, "algorithm")).FirstOrDefault();
        foreach (var r in here.Where(r => events.Text(r, "kind") != "reconfigure" && events.Text(r, "algorithm") == first))
        {
            var line = figure.Plot.Add.VerticalLine(events.Number(r, "time_s"), PlotStyle.EventWidth, Colors.Black);
            figure.SetPattern(line.LineStyle, LinePattern.Dashed);
            line.LegendText = events.Text(r, "detail");
        }
        foreach (var group in here.Where(r => events.Text(r, "kind") == "reconfigure").GroupBy(r => events.Text(r, "algorithm")))
        {
            bool labelled = false;
            foreach (var r in group)
            {
                var line = figure.Plot.Add.VerticalLine(events.Number(r, "time_s"), PlotStyle.ReconfigurationWidth, PlotStyle.ColorOf(group.Key));
                figure.SetPattern(line.LineStyle, LinePattern.Dotted);
                if (!labelled) line.LegendText = $"{group.Key} reconfiguration (repeat 0)";
                labelled = true;
            }
        }
    }
}
