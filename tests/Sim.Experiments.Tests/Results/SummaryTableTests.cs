namespace T2CSim.Tests.Experiments.Results;

using T2CSim.Experiments.Results;

/// <summary>summary.csv from a hand-made runs.csv: grouping, order, the interval, and n = 1 written empty.</summary>
public sealed class SummaryTableTests
{
    private static Table Runs() => new("runs.csv",
        ["algorithm", "multiplier", "repeat", "scenario", "seed", "duration_s", "throughput", "satisfied_ratio"],
        [
            ["T2C_MH", "20", "0", "s", "1", "300", "10", "1"],
            ["T2C_MH", "20", "1", "s", "2", "300", "12", "0.9"],
            ["T2C_MH", "20", "2", "s", "3", "300", "14", "0.8"],
            ["T2C_MH", "20", "3", "s", "4", "300", "16", "0.9"],
            ["T2C_MH", "20", "4", "s", "5", "300", "18", "1"],
            ["NEU", "20", "0", "s", "1", "300", "7", ""],
            ["T2C_MH", "1", "0", "s", "1", "300", "3", "1"],
        ]);

    [Test]
    public void EveryMetricOfEveryPointInTheSweepsOrder()
    {
        var rows = SummaryTable.Build(Runs());
        Assert.That(rows.Select(r => $"{r.Algorithm} {r.Multiplier} {r.Metric}"), Is.EqualTo(new[]
        {
            "T2C_MH 1 throughput", "T2C_MH 1 satisfied_ratio",
            "T2C_MH 20 throughput", "T2C_MH 20 satisfied_ratio",
            "NEU 20 throughput", "NEU 20 satisfied_ratio",
        }), "algorithms in order of appearance, multipliers ascending, descriptive columns (scenario, seed, duration) left out");
        var throughput = rows.Single(r => r is { Algorithm: "T2C_MH", Multiplier: 20, Metric: "throughput" }).Interval;
        Assert.That(throughput.Mean, Is.EqualTo(14));
        Assert.That(throughput.HalfWidth, Is.EqualTo(3.926486).Within(1e-6), "see ConfidenceIntervalTests.FiveRepeats");
        // An empty cell is a missing value, not a zero.
        Assert.That(rows.Single(r => r is { Algorithm: "NEU", Metric: "satisfied_ratio" }).Interval.N, Is.Zero);
    }

    [Test]
    public void WrittenAndReadBack()
    {
        string path = Path.Combine(Path.GetTempPath(), $"t2c-summary-{Guid.NewGuid():N}.csv");
        try
        {
            SummaryTable.Write(path, SummaryTable.Build(Runs()));
            var lines = File.ReadAllLines(path);
            Assert.That(lines[0], Is.EqualTo("algorithm,multiplier,metric,n,mean,sd,ci95_half_width"));
            Assert.That(lines, Does.Contain("T2C_MH,1,throughput,1,3,,"), "one run: no standard deviation, no interval");
            Assert.That(lines, Does.Contain("T2C_MH,20,throughput,5,14,3.16227766,3.926486323"));
            var back = SummaryTable.Read(path);
            Assert.That(back, Has.Count.EqualTo(6));
            Assert.That(back[2].Interval.HalfWidth, Is.EqualTo(3.926486323));
        }
        finally { File.Delete(path); }
    }
}
