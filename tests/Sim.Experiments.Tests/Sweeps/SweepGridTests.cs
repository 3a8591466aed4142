namespace T2CSim.Tests.Experiments.Sweeps;

using T2CSim.Core;
using T2CSim.Core.Scenarios;
using T2CSim.Experiments.Results;
using T2CSim.Experiments.Sweeps;
using T2CSim.Tests.Core.Support;
using T2CSim.Tests.Experiments.Support;

/// <summary>
/// Grids of varied fields: the cells cross them with algorithms, multipliers and repeats; each point
/// runs exactly what a sweep with the same `--set` runs; the varied fields are columns of runs.csv and
/// summary.csv; bad fields and values are refused in one line naming --vary.
/// </summary>
public sealed class SweepGridTests
{
    private static readonly VariedField Aggregation = new("controller.aggregation_period_s", ["10", "20"]);
    private static readonly VariedField Latency = new("workload.latency_s", ["{distribution: uniform, low: 0.05, high: 0.1}", "{distribution: uniform, low: 0.2, high: 0.3}"]);

    [Test]
    public void CellsCrossTheGridWithAlgorithmsMultipliersAndRepeats()
    {
        using var fixture = new SweepFixture();
        var plan = SweepPlan.From(fixture.Scenario(), ["NEU", "T2C_MHE"], [1, 4], 2, [Aggregation, Latency]);
        Assert.That(plan.Grid.Points, Has.Count.EqualTo(4));
        Assert.That(plan.Cells, Has.Count.EqualTo(2 * 4 * 2 * 2));
        Assert.That(plan.Grid.Points.Select(p => p.Scenario.Controller.AggregationPeriodS), Is.EqualTo(new[] { 10.0, 10, 20, 20 }), "first field outermost");
        Assert.That(plan.Grid.Points.Select(p => p.Scenario.ResolvedYaml).Distinct().Count(), Is.EqualTo(4), "every point is a different scenario");
        // Every cell once, algorithm-major as the files list them.
        Assert.That(plan.Cells.Distinct().Count(), Is.EqualTo(plan.Cells.Count));
        Assert.That(plan.Cells.Take(16).Select(c => c.Algorithm).Distinct(), Is.EqualTo(new[] { "NEU" }));
    }

    [Test]
    public void AGridPointRunsWhatTheSameSetRuns()
    {
        using var fixture = new SweepFixture();
        string grid = fixture.Output("grid"), plain = fixture.Output("plain");
        SweepJob.Execute(SweepPlan.From(fixture.Scenario(), ["NEU", "T2C_MHE"], [1, 4], 2, [Aggregation]), grid, 2, plots: false, plainProgress: TextWriter.Null);
        SweepJob.Execute(SweepPlan.From(fixture.Scenario("controller.aggregation_period_s=20"), ["NEU", "T2C_MHE"], [1, 4], 2), plain, 2, plots: false, plainProgress: TextWriter.Null);

        var gridRuns = Table.Read(Path.Combine(grid, SweepFiles.Runs));
        var plainRuns = Table.Read(Path.Combine(plain, SweepFiles.Runs));
        Assert.That(gridRuns.Header, Is.EqualTo(new[] { "algorithm", Aggregation.Field }.Concat(plainRuns.Header.Skip(1))), "the varied field sits between algorithm and multiplier");
        var at20 = gridRuns.Rows.Where(r => gridRuns.Text(r, Aggregation.Field) == "20").Select(r => r.Where((_, i) => i != 1)).ToList();
        Assert.That(at20, Is.EqualTo(plainRuns.Rows), "the grid's 20 s point is the sweep with --set controller.aggregation_period_s=20, row for row");
        Assert.That(gridRuns.Rows.Where(r => gridRuns.Text(r, Aggregation.Field) == "10").Select(r => gridRuns.Text(r, "served")),
            Is.Not.EqualTo(at20.Select(r => r.ElementAt(plainRuns.Column("served")))), "the two points differ");

        var summary = Table.Read(Path.Combine(grid, SweepFiles.Summary));
        Assert.That(summary.Header.Take(3), Is.EqualTo(new[] { "algorithm", Aggregation.Field, "multiplier" }));
        // 2 algorithms x 2 points x 2 multipliers, every metric once.
        var metrics = SummaryTable.MetricColumns(gridRuns);
        Assert.That(summary.Rows, Has.Count.EqualTo(8 * metrics.Count));
        Assert.That(metrics, Does.Not.Contain(Aggregation.Field));
        var plainSummary = Table.Read(Path.Combine(plain, SweepFiles.Summary));
        Assert.That(summary.Rows.Where(r => summary.Text(r, Aggregation.Field) == "20").Select(r => r.Where((_, i) => i != 1)), Is.EqualTo(plainSummary.Rows));
    }

    [Test]
    public void TheScenarioCanDeclareItsGrid()
    {
        string yaml = Fixtures.ScenarioYaml.Replace("  algorithms: [NEU, T2C_MHE]", "  algorithms: [NEU, T2C_MHE]\n  vary: {controller.deployment_time_s: [2, 10, 30]}");
        using var fixture = new SweepFixture(yaml);
        var plan = SweepPlan.From(fixture.Scenario());
        Assert.That(plan.Grid.FieldNames, Is.EqualTo(new[] { "controller.deployment_time_s" }));
        Assert.That(plan.Grid.Points.Select(p => p.Scenario.Controller.DeploymentTimeS), Is.EqualTo(new[] { 2.0, 10, 30 }));
        var fromCommandLine = SweepPlan.From(fixture.Scenario(), vary: [Aggregation]);
        Assert.That(fromCommandLine.Grid.FieldNames, Is.EqualTo(new[] { Aggregation.Field }), "--vary replaces the scenario's grid");
    }

    [Test]
    public void ValuesSplitAtCommasOutsideBrackets()
    {
        var field = SweepGrid.Parse("workload.latency_s={distribution: uniform, low: 0.2, high: 0.3}, {distribution: choice, values: [0.1, 0.2]}");
        Assert.That(field.Field, Is.EqualTo("workload.latency_s"));
        Assert.That(field.Values, Is.EqualTo(new[] { "{distribution: uniform, low: 0.2, high: 0.3}", "{distribution: choice, values: [0.1, 0.2]}" }));
        Assert.That(SweepGrid.Parse("a.b=1,2.5,'x,y'").Values, Is.EqualTo(new[] { "1", "2.5", "'x,y'" }));
        Assert.Throws<UserInputException>(() => SweepGrid.Parse("a.b=[1,2"));
        Assert.Throws<UserInputException>(() => SweepGrid.Parse("a.b=1,,2"));
        Assert.Throws<UserInputException>(() => SweepGrid.Parse("novalue"));
    }

    [TestCase("controller.deployment_time_s=2,-1", "--vary controller.deployment_time_s")]
    [TestCase("controller.no_such_field=1,2", "--vary controller.no_such_field")]
    [TestCase("workload.multiplier=1,2", "--vary workload.multiplier")]
    [TestCase("seed=1,2", "--vary seed")]
    [TestCase("controller.deployment_time_s=2,2", "--vary controller.deployment_time_s")]
    public void BadFieldsAndValuesAreOneLineErrorsNamingVary(string vary, string field)
    {
        using var fixture = new SweepFixture();
        var e = Assert.Throws<UserInputException>(() => SweepPlan.From(fixture.Scenario(), vary: [SweepGrid.Parse(vary)]))!;
        Assert.That(e.Field, Does.StartWith(field));
        Assert.That(e.Message, Does.Not.Contain("\n"));
    }

    [Test]
    public void TheThesisReportRefusesAGridWhosePointsItWouldAverage()
    {
        using var fixture = new SweepFixture();
        string dir = fixture.Output("report");
        SweepJob.Execute(SweepPlan.From(fixture.Scenario(), ["NEU"], [1], 1, [Aggregation]), dir, 1, plots: false, plainProgress: TextWriter.Null);
        var e = Assert.Throws<UserInputException>(() => T2CSim.Experiments.Reporting.SweepResults.Load(dir))!;
        Assert.That(e.Message, Does.Contain("--x"));
    }
}
