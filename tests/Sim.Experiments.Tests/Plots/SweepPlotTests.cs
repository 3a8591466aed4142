namespace T2CSim.Tests.Experiments.Plots;

using System.Net;
using System.Text.RegularExpressions;
using T2CSim.Experiments.Plots;
using T2CSim.Experiments.Results;
using T2CSim.Experiments.Sweeps;
using T2CSim.Tests.Core.Support;
using T2CSim.Tests.Experiments.Support;

/// <summary>
/// Every figure is produced as a non-empty PNG and SVG, and the SVG's text holds the legend: one
/// series per algorithm (T2C_OPT labelled as the upper bound and dashed). Text in the SVG also shows
/// that a font was found: without one ScottPlot silently draws no text at all.
/// </summary>
[Category("Slow")]
public sealed class SweepPlotTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static IReadOnlyList<string> SvgTexts(string path) =>
        Regex.Matches(File.ReadAllText(path), @"<text[^>]*>\s*([^<]*?)\s*</text>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [Test]
    public void EveryMetricHasAPlotWithOneSeriesPerAlgorithm()
    {
        using var fixture = new SweepFixture();
        string dir = fixture.Output("plots");
        var plan = SweepPlan.From(fixture.Scenario(), ["NEU", "T2C_MHE", "T2C_OPT"], [1, 4], 2);
        var outcome = SweepJob.Execute(plan, dir, parallel: 2, plots: true, plainProgress: TextWriter.Null);
        foreach (var chart in MetricChart.All)
        {
            string png = Path.Combine(dir, SweepPlotter.Folder, chart.File + ".png"), svg = Path.Combine(dir, SweepPlotter.Folder, chart.File + ".svg");
            Assert.That(outcome.Plots, Does.Contain(png).And.Contain(svg));
            Assert.That(File.ReadAllBytes(png).Take(8), Is.EqualTo(PngSignature), png);
            Assert.That(new FileInfo(png).Length, Is.GreaterThan(10_000), $"{png} is too small to hold a chart");
            var texts = SvgTexts(svg);
            Assert.That(texts, Is.SupersetOf(new[] { "NEU", "T2C_MHE", "T2C_OPT (upper bound)" }), svg);
            Assert.That(texts, Does.Contain(chart.YLabel).And.Contain(MetricChart.XLabel), svg);
        }
        Assert.That(File.ReadAllText(Path.Combine(dir, SweepPlotter.Folder, "throughput.svg")), Does.Contain("stroke-dasharray"), "the upper bound is dashed in the SVG too");
    }

    [Test]
    public void RunsWithLinkChangesGetPlotsOverTimeWithTheChangesMarked()
    {
        using var fixture = new SweepFixture();
        string dir = fixture.Output("timeline");
        SweepJob.Execute(fixture.Plan(), dir, parallel: 2, plots: true, plainProgress: TextWriter.Null);
        foreach (var name in new[] { "timeline_satisfied_ratio_1x", "timeline_latency_4x" })
        {
            var texts = SvgTexts(Path.Combine(dir, SweepPlotter.Folder, name + ".svg"));
            Assert.That(texts, Is.SupersetOf(new[] { "NEU", "T2C_MHE", "T2C_MHER", "Time (s)" }), name);
            Assert.That(texts, Does.Contain("edge_cloud capacity x0.5 = 20 Mbps"), $"{name}: the bandwidth cut is marked");
            Assert.That(File.Exists(Path.Combine(dir, SweepPlotter.Folder, name + ".png")));
        }
    }

    [Test]
    public void RunsWithoutEventsGetNoPlotsOverTime()
    {
        string quiet = Regex.Replace(Fixtures.ScenarioYaml, @"events:\n(\s+- .*\n)+", "events: []\n");
        using var fixture = new SweepFixture(quiet);
        string dir = fixture.Output("quiet");
        var outcome = SweepJob.Execute(SweepPlan.From(fixture.Scenario(), ["NEU"], [1], 1), dir, parallel: 1, plots: true, plainProgress: TextWriter.Null);
        Assert.That(outcome.Plots, Has.Count.EqualTo(2 * MetricChart.All.Count));
        Assert.That(outcome.Plots.Select(Path.GetFileName), Has.None.StartsWith("timeline"));
    }

    [Test]
    public void PlotRedrawsFromTheCsvAlone()
    {
        using var fixture = new SweepFixture();
        string dir = fixture.Output("redraw");
        SweepJob.Execute(fixture.Plan(), dir, parallel: 2, plots: false, plainProgress: TextWriter.Null);
        Assert.That(Directory.Exists(Path.Combine(dir, SweepPlotter.Folder)), Is.False);
        var files = SweepPlotter.Plot(dir);
        Assert.That(files.Where(f => f.EndsWith(".svg")).Select(Path.GetFileNameWithoutExtension), Is.SupersetOf(MetricChart.All.Select(c => c.File)));
        Assert.That(Table.Read(Path.Combine(dir, SweepFiles.Timing)).Rows, Has.Count.EqualTo(12));
    }
}
