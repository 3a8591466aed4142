namespace T2CSim.Tests.Experiments.Plots;

using System.Globalization;
using T2CSim.Core;
using T2CSim.Core.Scenarios;
using T2CSim.Experiments.Plots;
using T2CSim.Experiments.Results;
using T2CSim.Experiments.Sweeps;
using T2CSim.Tests.Experiments.Support;

/// <summary>
/// Figures against a varied field: one per setting of the other dimensions, a series per algorithm,
/// and with --relative-to the mean of the per-repeat ratios to the reference algorithm (recomputed
/// here from runs.csv by hand).
/// </summary>
public sealed class GridChartsTests
{
    private static readonly VariedField Aggregation = new("controller.aggregation_period_s", ["10", "20", "40"]);

    [Test]
    [Category("Slow")]
    public void AGridSweepDrawsItsMetricsAgainstEachVariedFieldPerSettingOfTheOthers()
    {
        using var fixture = new SweepFixture();
        string dir = fixture.Output("grid");
        var plan = SweepPlan.From(fixture.Scenario(), ["NEU", "T2C_MHE"], [1, 4], 2, [Aggregation]);
        var outcome = SweepJob.Execute(plan, dir, 2, plots: true, plainProgress: TextWriter.Null);
        string folder = Path.Combine(dir, SweepPlotter.Folder, "by_" + Aggregation.Field);
        // Two default charts x two multipliers (the other dimension), PNG and SVG, plus each chart's numbers.
        Assert.That(outcome.Plots.Count(f => f.EndsWith(".png")), Is.EqualTo(2 * 2));
        Assert.That(File.Exists(Path.Combine(folder, "throughput__multiplier-4.svg")));
        string svg = File.ReadAllText(Path.Combine(folder, "satisfied_ratio__multiplier-1.svg"));
        Assert.That(svg, Does.Contain("NEU").And.Contain("T2C_MHE").And.Contain(Aggregation.Field));
        var points = Table.Read(Path.Combine(folder, "throughput.csv"));
        Assert.That(points.Rows, Has.Count.EqualTo(2 * 3 * 2), "2 multipliers x 3 values x 2 algorithms");
    }

    [Test]
    [Category("Slow")]
    public void RatiosToTheReferenceArePairedByRepeat()
    {
        using var fixture = new SweepFixture();
        string dir = fixture.Output("ratio");
        SweepJob.Execute(SweepPlan.From(fixture.Scenario(), ["NEU", "T2C_MHE"], [4], 3, [Aggregation]), dir, 2, plots: false, plainProgress: TextWriter.Null);
        SweepPlotter.PlotAgainst(dir, Aggregation.Field, [MetricChart.All.Single(c => c.File == "throughput")], new Dictionary<string, string>(), new Comparison("NEU", Difference: false));
        var points = Table.Read(Path.Combine(dir, SweepPlotter.Folder, "by_" + Aggregation.Field, "throughput_over_NEU.csv"));
        Assert.That(points.Rows.Select(r => points.Text(r, "algorithm")).Distinct(), Is.EqualTo(new[] { "T2C_MHE" }), "the reference is not drawn against itself");

        var runs = Table.Read(Path.Combine(dir, SweepFiles.Runs));
        foreach (var value in Aggregation.Values)
        {
            double Served(string algorithm, int repeat) => runs.Number(runs.Rows.Single(r => runs.Text(r, "algorithm") == algorithm
                && runs.Text(r, Aggregation.Field) == value && runs.Number(r, "repeat") == repeat), "served");
            var ratios = Enumerable.Range(0, 3).Select(k => Served("T2C_MHE", k) / Served("NEU", k)).ToList();
            var row = points.Rows.Single(r => points.Text(r, Aggregation.Field) == value);
            Assert.That(points.Number(row, "mean"), Is.EqualTo(ratios.Average()).Within(1e-8), value);
            Assert.That(points.Number(row, "ci95_half_width"), Is.EqualTo(ConfidenceInterval.Of(ratios).HalfWidth).Within(1e-8), value);
        }
    }

    [Test]
    public void BadDimensionsAreOneLineErrors()
    {
        using var fixture = new SweepFixture();
        string dir = fixture.Output("bad");
        SweepJob.Execute(SweepPlan.From(fixture.Scenario(), ["NEU"], [1], 1, [Aggregation]), dir, 1, plots: false, plainProgress: TextWriter.Null);
        var charts = MetricChart.All.Take(1).ToList();
        var none = new Dictionary<string, string>();
        Assert.That(Assert.Throws<UserInputException>(() => SweepPlotter.PlotAgainst(dir, "controller.nope", charts, none, null))!.Field, Is.EqualTo("--x"));
        Assert.Throws<UserInputException>(() => SweepPlotter.PlotAgainst(dir, Aggregation.Field, charts, new Dictionary<string, string> { ["multiplier"] = "7" }, null));
        Assert.Throws<UserInputException>(() => SweepPlotter.PlotAgainst(dir, Aggregation.Field, charts, none, new Comparison("T2C_M", false)));
    }

    [TestCase("{distribution: uniform, low: 0.2, high: 0.3}", "uniform 0.2 0.3")]
    [TestCase("[40, 80]", "40 80")]
    [TestCase("0.5", "0.5")]
    public void SectionValuesAreShortenedForTicks(string value, string tick) =>
        Assert.That(GridCharts.Short(value), Is.EqualTo(tick));
}
