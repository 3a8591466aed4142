namespace T2CSim.Tests.Experiments.Validation;

using T2CSim.Core;
using T2CSim.Core.Scenarios;
using T2CSim.Experiments.Validation;

/// <summary>
/// The simulated side of a suite row pooled over replications (docs/validation.md, "The simulated side as
/// an estimate"): pooled median and p95, mean ran and served, the satisfied ratio; and the replications'
/// runs sharing their arrivals and writing the same bytes for the same K.
/// </summary>
public sealed class PooledEstimateTests
{
    [Test]
    public void Pooled_statistics_of_a_hand_made_example()
    {
        // Replication 0: 4 arrived, 3 served, ran 10/20/30 ms; replication 1: the same 4, 1 served, ran 40/50 ms.
        var estimate = PooledEstimate.Of([new(4, 3, [0.010, 0.020, 0.030]), new(4, 1, [0.040, 0.050])]);
        // Pooled 10, 20, 30, 40, 50 ms: median 30 ms; p95 at 0.95 x 4 = 3.8 between 40 and 50: 48 ms.
        Assert.That(estimate.MedianS, Is.EqualTo(0.030).Within(1e-12));
        Assert.That(estimate.P95S, Is.EqualTo(0.048).Within(1e-12));
        Assert.That((estimate.Replications, estimate.Arrived, estimate.MeanRan, estimate.MeanServed), Is.EqualTo((2, 4, 2.5, 2.0)));
        // Served 3 + 1 of 4 + 4 arrivals: 0.5, which the row gives as mean served / arrived.
        var row = new SuiteRow("s", "a", 0, "all", "all", estimate.Arrived, 4, estimate.MeanRan, estimate.MeanServed, 4, 3,
            0.03, estimate.MedianS, 0.03, estimate.P95S, 0.05, estimate.Replications);
        Assert.That(row.SimSatisfied, Is.EqualTo(0.5));
        Assert.That(row.SatisfiedPoints, Is.EqualTo(-25).Within(1e-9));
        Assert.That(row.Cells()[Array.IndexOf(SuiteRow.Header, "sim_replications")], Is.EqualTo("2"), "validation.csv says how many replications");
        Assert.That(row.Cells()[Array.IndexOf(SuiteRow.Header, "host_speed")], Is.EqualTo("1"), "no probe: the description as calibrated");
        Assert.That(row.Cells()[Array.IndexOf(SuiteRow.Header, "tier_speeds")], Is.EqualTo(""), "no probe: no tier's ratio");
        Assert.That(row.Cells(), Has.Count.EqualTo(SuiteRow.Header.Length));
        Assert.That(SuiteRow.Header[^2..], Is.EqualTo(new[] { "host_speed", "tier_speeds" }), "new columns go at the end: older readers keep their indices");
    }

    [Test]
    public void One_replication_is_the_draw_itself()
    {
        var estimate = PooledEstimate.Of([new(3, 2, [0.010, 0.030])]);
        Assert.That((estimate.MedianS, estimate.MeanRan, estimate.MeanServed), Is.EqualTo((0.020, 2.0, 2.0)));
    }

    [Test]
    public void Replications_that_saw_different_arrivals_are_refused()
    {
        Assert.Throws<InvalidOperationException>(() => PooledEstimate.Of([new(4, 3, [0.01]), new(5, 3, [0.01])]));
    }

    [Test]
    public void The_replications_share_arrivals_and_the_same_K_writes_the_same_bytes()
    {
        var s = ScenarioLoader.Load(ProjectPaths.InRoot("scenarios", "validation", "v1-light-all-tiers.yaml"), ["duration_s=20"]);
        string dir = Path.Combine(Path.GetTempPath(), $"t2c-replications-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var a = SimulatedReplications.Run(s, "T2C_MHE", 0, 3);
            var b = SimulatedReplications.Run(s, "T2C_MHE", 0, 3);
            Assert.That(a.ShareArrivals, Is.True);
            Assert.That(a.Runs, Has.Count.EqualTo(3));
            a.Write(Path.Combine(dir, "a.csv"));
            b.Write(Path.Combine(dir, "b.csv"));
            Assert.That(File.ReadAllBytes(Path.Combine(dir, "a.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(dir, "b.csv"))));
            var lines = File.ReadAllLines(Path.Combine(dir, "a.csv"));
            Assert.That(lines[0], Is.EqualTo("replication,id,model,task,outcome,latency_s"));
            Assert.That(lines.Length - 1, Is.EqualTo(3 * a.First.Log.Requests.Count));
            // The hop records of every replication are pooled for the attribution.
            Assert.That(a.PooledHops.Count(), Is.EqualTo(a.Hops.Sum(h => h.Hops.Count)));
        }
        finally { Directory.Delete(dir, true); }
    }
}
