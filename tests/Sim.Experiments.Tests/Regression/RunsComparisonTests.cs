namespace T2CSim.Tests.Experiments.Regression;

using T2CSim.Experiments.Regression;
using T2CSim.Experiments.Results;
using T2CSim.Experiments.Sweeps;
using T2CSim.Tests.Experiments.Support;

/// <summary>
/// The regression comparison on the fixture scenario (no lookup table needed): a rerun matches; a
/// changed planner, a changed seed or a missing run is reported metric by metric.
/// </summary>
public sealed class RunsComparisonTests
{
    [Test]
    public void ARerunMatchesItself()
    {
        using var fixture = new SweepFixture();
        var plan = fixture.Plan();
        var changes = RunsComparison.Compare(RegressionBaseline.ToTable(SweepRunner.Run(plan, 1)), RegressionBaseline.ToTable(SweepRunner.Run(plan, 2)));
        Assert.That(changes, Is.Empty, () => RunsComparison.Describe(changes));
    }

    [Test]
    public void APlannerChangeIsNamedByAlgorithmRunAndMetric()
    {
        using var fixture = new SweepFixture();
        var plan = fixture.Plan();
        var baseline = SweepRunner.Run(plan, 2);
        // "T2C_MHE" now plans like NEU: the same cells, run with another planner, under T2C_MHE's name.
        var altered = baseline.Select(r => r.Cell.Algorithm != "T2C_MHE" ? r
            : SweepRunner.RunCell(plan, r.Cell with { Algorithm = "NEU" }) with { Cell = r.Cell }).ToList();
        var changes = RunsComparison.Compare(RegressionBaseline.ToTable(baseline), RegressionBaseline.ToTable(altered));
        Assert.That(changes, Is.Not.Empty);
        Assert.That(changes.Select(c => c.Algorithm).Distinct(), Is.EqualTo(new[] { "T2C_MHE" }), "only the altered algorithm's rows moved");
        Assert.That(changes.Select(c => c.Metric), Does.Contain("deployments"));
        var report = RunsComparison.Describe(changes);
        var line = changes.First(c => c.Metric == "deployments");
        Assert.That(report, Does.Contain($"T2C_MHE {line.Multiplier}x repeat {line.Repeat}: deployments {line.Baseline} -> {line.Now}"));
    }

    [Test]
    public void ASmallNumericDriftWithinToleranceIsNoChangeButAnythingBiggerIs()
    {
        var header = new[] { "algorithm", "multiplier", "repeat", "throughput", "mean_latency_s" };
        var before = new Table("base", header, [["NEU", "20", "0", "100", "0.123456"]]);
        var same = new Table("now", header, [["NEU", "20", "0", "100", "0.1234560000001"]]);
        var moved = new Table("now", header, [["NEU", "20", "0", "101", "0.123457"]]);
        Assert.That(RunsComparison.Compare(before, same), Is.Empty);
        var changes = RunsComparison.Compare(before, moved);
        Assert.That(changes.Select(c => c.ToString()), Is.EqualTo(new[]
        {
            "NEU 20x repeat 0: throughput 100 -> 101",
            "NEU 20x repeat 0: mean_latency_s 0.123456 -> 0.123457",
        }));
    }

    [Test]
    public void MissingRunsAndColumnsAreChanges()
    {
        var before = new Table("base", ["algorithm", "multiplier", "repeat", "throughput"], [["NEU", "20", "0", "100"], ["NEU", "20", "1", "90"]]);
        var now = new Table("now", ["algorithm", "multiplier", "repeat", "throughput", "p95_latency_s"], [["NEU", "20", "0", "100", "0.2"]]);
        var changes = RunsComparison.Compare(before, now).Select(c => c.ToString()).ToList();
        Assert.That(changes, Is.EquivalentTo(new[]
        {
            "NEU 20x repeat 0: p95_latency_s absent -> 0.2",
            "NEU 20x repeat 1: (run) present -> absent",
        }));
    }
}
