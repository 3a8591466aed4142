namespace T2CSim.Experiments.Plots;

using System.Globalization;
using ScottPlot;
using T2CSim.Experiments.Results;

/// <summary>
/// The operation phase's figures: satisfied ratio and latency over time, one figure per multiplier,
/// a line per algorithm (the mean over repeats of each 5 s bin that completed a request), with the
/// link changes (the bandwidth cut) as black dashed vertical lines and each reconfiguring
/// algorithm's reconfigurations in repeat 0 as dotted lines of its colour.
/// </summary>
public static class TimelineCharts
{
    /// <param name="YMax">Fixed top of the y axis (a ratio's 100%), or null to fit the data.</param>
    private sealed record Series(string File, string Column, double Scale, string Title, string YLabel, double? YMax);

    private static readonly Series[] All =
    [
        new("timeline_satisfied_ratio", "satisfied_ratio", 100, "Satisfied ratio over time", "Satisfied ratio (%)", 105),
        new("timeline_latency", "mean_latency_s", 1000, "Latency over time", "Mean inference latency (ms)", null),
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
                foreach (var algorithm in algorithms)
                {
                    var bins = timelines.Rows
                        .Where(r => timelines.Text(r, "algorithm") == algorithm && timelines.Number(r, "multiplier") == multiplier)
                        .GroupBy(r => timelines.Number(r, "start_s"))
                        .Select(g => (Start: g.Key, Values: g.Select(r => timelines.Number(r, series.Column)).Where(v => !double.IsNaN(v)).ToList()))
                        .Where(b => b.Values.Count > 0)
                        .OrderBy(b => b.Start)
                        .ToList();
                    if (bins.Count == 0) continue;
                    double width = BinWidth(timelines);
                    var line = figure.Plot.Add.Scatter(bins.Select(b => b.Start + width / 2).ToArray(), bins.Select(b => b.Values.Average() * series.Scale).ToArray(), PlotStyle.ColorOf(algorithm));
                    line.LegendText = PlotStyle.LegendOf(algorithm);
                    line.LineWidth = PlotStyle.SeriesWidth;
                    line.MarkerSize = 6;
                    if (PlotStyle.IsUpperBound(algorithm)) figure.SetPattern(line.LineStyle, LinePattern.Dashed);
                }
                Mark(figure, events, multiplier);
                // The whole run on the x axis, so the bandwidth cut sits where it happened in time.
                figure.Plot.Axes.SetLimitsX(0, timelines.Rows.Max(r => timelines.Number(r, "start_s")) + BinWidth(timelines));
                if (series.YMax is { } top) figure.Plot.Axes.SetLimitsY(0, top);
                figure.Plot.ShowLegend(Alignment.LowerRight);
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
