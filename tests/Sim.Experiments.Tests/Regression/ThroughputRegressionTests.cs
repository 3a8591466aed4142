namespace T2CSim.Tests.Experiments.Regression;

using T2CSim.Experiments.Regression;
using T2CSim.Experiments.Sweeps;

/// <summary>
/// The CI throughput regression: scenarios/ci-regression.yaml (every algorithm at 20x and 80x, 60 s,
/// 2 repeats, the measured lookup tables) rerun and compared with results/baseline/runs.csv, every
/// deterministic metric of every run. A deliberate change regenerates the baseline with
/// `t2c baseline` (results/README.md) and commits it with the change.
/// </summary>
public sealed class ThroughputRegressionTests
{
    [Test]
    public void EveryMetricMatchesTheCommittedBaseline()
    {
        var changes = RunsComparison.Compare(RegressionBaseline.Committed(), RegressionBaseline.RunNow(Environment.ProcessorCount));
        Assert.That(changes, Is.Empty, () => "the simulation's results moved; if on purpose, run `t2c baseline` and commit results/baseline/runs.csv.\n" + RunsComparison.Describe(changes));
    }

    [Test]
    public void ABaselineComparisonCatchesAPlannerThatChanged()
    {
        // T2C_MHE's cells rerun with T2C_MH's planner (no early exits), as if someone had broken
        // T2C_MHE's exit selection: the comparison must name T2C_MHE's rows and its accuracy.
        var plan = RegressionBaseline.Plan();
        var altered = plan.Cells.Where(c => c.Algorithm == "T2C_MHE")
            .Select(c => SweepRunner.RunCell(plan, c with { Algorithm = "T2C_MH" }) with { Cell = c }).ToList();
        var committed = RegressionBaseline.Committed();
        var mheOnly = new T2CSim.Experiments.Results.Table(committed.Path, committed.Header,
            committed.Rows.Where(r => committed.Text(r, "algorithm") == "T2C_MHE").ToList());
        var changes = RunsComparison.Compare(mheOnly, RegressionBaseline.ToTable(altered));
        Assert.That(changes, Is.Not.Empty);
        Assert.That(changes.Select(c => c.Algorithm).Distinct(), Is.EqualTo(new[] { "T2C_MHE" }));
        Assert.That(changes.Select(c => c.Metric), Does.Contain("mean_accuracy"), RunsComparison.Describe(changes));
    }
}
