namespace T2CSim.Experiments.Plots;

using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;

/// <summary>
/// A ScottPlot plot that saves itself as PNG and SVG with the same dashes in both. SkiaSharp's SVG
/// canvas drops path effects (and complains on stderr for each dashed line), so the patterned
/// strokes are drawn solid into the SVG and given their stroke-dasharray afterwards, found by colour
/// and width (PlotStyle keeps those unique per kind of line).
/// </summary>
public sealed class Figure
{
    public Plot Plot { get; }
    private readonly List<(LineStyle Style, LinePattern Pattern)> _patterned = [];

    public Figure(Plot plot) => Plot = plot;

    public void SetPattern(LineStyle style, LinePattern pattern)
    {
        style.Pattern = pattern;
        _patterned.Add((style, pattern));
    }

    /// <summary>Saves DIR/NAME.png and DIR/NAME.svg; returns both paths.</summary>
    public IReadOnlyList<string> Save(string dir, string name)
    {
        Directory.CreateDirectory(dir);
        string png = Path.Combine(dir, name + ".png"), svg = Path.Combine(dir, name + ".svg");
        Plot.SavePng(png, PlotStyle.Width, PlotStyle.Height);
        foreach (var (style, _) in _patterned) style.Pattern = LinePattern.Solid;
        string xml = Plot.GetSvgXml(PlotStyle.Width, PlotStyle.Height);
        foreach (var (style, pattern) in _patterned) style.Pattern = pattern;
        File.WriteAllText(svg, AddDashes(xml));
        return [png, svg];
    }

    private string AddDashes(string xml)
    {
        foreach (var (style, pattern) in _patterned.DistinctBy(p => (p.Style.Color, p.Style.Width)))
        {
            // SkiaSharp writes pure black by name, every other colour in hex.
            string hex = $"#{style.Color.R:X2}{style.Color.G:X2}{style.Color.B:X2}";
            string colour = hex == "#000000" ? "(?:#000000|black)" : Regex.Escape(hex);
            string width = Regex.Escape($"stroke-width=\"{style.Width.ToString(CultureInfo.InvariantCulture)}\"");
            string dashes = pattern.Equals(LinePattern.Dotted) ? "3 6" : "14 8";
            xml = Regex.Replace(xml, $"stroke=\"{colour}\" {width}", m => $"{m.Value} stroke-dasharray=\"{dashes}\"", RegexOptions.IgnoreCase);
        }
        return xml;
    }
}
