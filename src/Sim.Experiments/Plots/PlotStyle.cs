namespace T2CSim.Experiments.Plots;

using ScottPlot;
using T2CSim.Core.Planning;

/// <summary>
/// One look for every figure: large fonts (readable when printed at half a page), a fixed colour per
/// algorithm across figures, and T2C_OPT dashed as the upper bound it is.
/// </summary>
public static class PlotStyle
{
    public const int Width = 1200;
    public const int Height = 800;
    public const float TitleSize = 30;
    public const float LabelSize = 26;
    public const float TickSize = 20;
    public const float LegendSize = 20;
    public const string UpperBound = "T2C_OPT";

    // Stroke widths are distinct per kind of line because dashes are restored in the SVG by colour
    // and width (see Figure): an algorithm's error bars must not turn dotted with its reconfigurations.
    public const float SeriesWidth = 3;
    public const float ErrorBarWidth = 2;
    public const float EventWidth = 3.5f;
    public const float ReconfigurationWidth = 2.5f;

    /// <summary>
    /// SkiaSharp finds no font by itself on a bare Linux machine and then draws no text at all, so
    /// the DejaVu family (fonts-dejavu-core, installed by .ci/run) is named explicitly.
    /// </summary>
    public const string FontName = "DejaVu Sans";

    private static readonly Color[] Palette =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728"),
        Color.FromHex("#9467bd"), Color.FromHex("#8c564b"), Color.FromHex("#7f7f7f"), Color.FromHex("#e377c2"),
    ];

    /// <summary>The upper bound is black so that its dashed line stands out over the coloured series it bounds.</summary>
    public static Color ColorOf(string algorithm)
    {
        if (IsUpperBound(algorithm)) return Colors.Black;
        int i = AlgorithmCatalog.Names.ToList().FindIndex(n => n == algorithm);
        // A name outside the catalog (a plugin's, redrawn without it) gets a colour from its letters:
        // string.GetHashCode is randomized per process, so the same sweep would change colours.
        return Palette[(i < 0 ? algorithm.Aggregate(0, (h, c) => (h * 31 + c) & 0x7fffffff) : i) % Palette.Length];
    }

    public static bool IsUpperBound(string algorithm) => algorithm == UpperBound;

    public static string LegendOf(string algorithm) => IsUpperBound(algorithm) ? $"{algorithm} (upper bound)" : algorithm;

    public static Figure NewFigure(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title, TitleSize);
        plot.XLabel(xLabel, LabelSize);
        plot.YLabel(yLabel, LabelSize);
        plot.Axes.Bottom.TickLabelStyle.FontSize = TickSize;
        plot.Axes.Left.TickLabelStyle.FontSize = TickSize;
        plot.Legend.FontSize = LegendSize;
        plot.Legend.FontName = FontName;
        // Room on the right for the last x tick label, which is centred on the data area's edge.
        plot.Axes.Right.MinimumSize = 40;
        return new Figure(plot);
    }

    /// <summary>
    /// The legend goes outside the data area, below it in one row, so that it never hides a line or
    /// an error bar whatever the data (inside, any corner can be where the lines are), and the data
    /// area keeps the figure's full width (a legend on the right squeezes it and cuts long titles).
    /// </summary>
    public static void LegendOutside(Figure figure)
    {
        figure.Plot.Legend.Orientation = Orientation.Horizontal;
        figure.Plot.ShowLegend(Edge.Bottom);
    }
}
