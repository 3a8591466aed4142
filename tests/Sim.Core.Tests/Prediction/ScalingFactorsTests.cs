namespace T2CSim.Tests.Core.Prediction;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Prediction;
using T2CSim.Tests.Core.Support;

public sealed class ScalingFactorsTests
{
    [Test]
    public void EdgeLogsRunning50PercentSlowerScaleEdgePredictionsBy1Point5()
    {
        var topology = Fixtures.DuoTopology();
        var duo = Fixtures.Duo(topology);
        var predictor = new LatencyPredictor(topology, new ModelCatalog([duo]));
        var net = NetworkState.FromTopology(topology);
        var scaling = new ScalingFactors(topology.TierCount, new ControllerSettings { ScalingWindowS = 60 });
        var b = duo.Task("b");
        var cuts = new PartitionPoints(1, 3);

        // The edge runs b's positions 2..3 (8 + 16 ms in the table); each log took 1.5 x that.
        for (int i = 0; i < 10; i++) scaling.Record(i, tier: 1, predictedS: 0.024, runtimeS: 0.036);
        var tau = scaling.Current(10);
        Assert.That(tau, Is.EqualTo(new[] { 1.0, 1.5, 1.0 }).Within(1e-12));

        var before = predictor.Breakdown(duo, b, b.FinalExit, cuts, net, predictor.UnitTau());
        var after = predictor.Breakdown(duo, b, b.FinalExit, cuts, net, tau);
        Assert.That(after.ComputeS[1], Is.EqualTo(1.5 * before.ComputeS[1]).Within(1e-12));
        Assert.That(after.ComputeS[1], Is.EqualTo(0.036).Within(1e-12));
        Assert.That(after.ComputeS[0], Is.EqualTo(before.ComputeS[0]));
        Assert.That(after.ComputeS[2], Is.EqualTo(before.ComputeS[2]));
        Assert.That(after.TransmitS, Is.EqualTo(before.TransmitS));
        Assert.That(after.TotalS - before.TotalS, Is.EqualTo(0.5 * 0.024).Within(1e-12));
    }

    [Test]
    public void LogsOlderThanTheWindowNoLongerCount()
    {
        var scaling = new ScalingFactors(3, 60);
        scaling.Record(0, 1, 0.010, 0.030);   // ratio 3.0
        scaling.Record(30, 1, 0.010, 0.015);  // ratio 1.5
        Assert.That(scaling.Current(59)[1], Is.EqualTo((3.0 + 1.5) / 2).Within(1e-12));
        // At 61 s the window is (1, 61]: the log at 0 s is out.
        Assert.That(scaling.Current(61)[1], Is.EqualTo(1.5).Within(1e-12));
        Assert.That(scaling.Count(1, 61), Is.EqualTo(1));
        // At 90 s nothing is left: back to the table (tau = 1).
        Assert.That(scaling.Current(90)[1], Is.EqualTo(1.0));
        Assert.That(scaling.Count(1, 90), Is.EqualTo(0));
    }

    [Test]
    public void TauIsTheMeanOfRatiosNotTheRatioOfSums()
    {
        var scaling = new ScalingFactors(2, 60);
        scaling.Record(1, 0, 0.010, 0.012);  // 1.2
        scaling.Record(2, 0, 0.100, 0.180);  // 1.8; a ratio of sums would give 0.192 / 0.110 = 1.745
        Assert.That(scaling.Current(3)[0], Is.EqualTo(1.5).Within(1e-12));
        Assert.That(scaling.Current(3)[1], Is.EqualTo(1.0));
    }

    [Test]
    public void ZeroPredictionsAreIgnoredAndTimeMustNotGoBack()
    {
        var scaling = new ScalingFactors(1, 60);
        scaling.Record(5, 0, 0, 0.010);
        Assert.That(scaling.Count(0, 5), Is.EqualTo(0));
        Assert.Throws<ArgumentException>(() => scaling.Record(4, 0, 0.01, 0.01));
    }

    [Test]
    [Category("Slow")]
    public void ManyLogsStayCheapAndExact()
    {
        // 200 000 logs through a 60 s window: each is queued and dropped once. Logs every 2^-7 s
        // (exact in binary) so the window holds exactly 60 x 128 = 7680 of them once full.
        var scaling = new ScalingFactors(1, 60);
        double last = 0;
        for (int i = 0; i < 200_000; i++)
        {
            double t = last = i / 128.0;
            scaling.Record(t, 0, 0.01, i % 2 == 0 ? 0.01 : 0.03);  // ratios alternate 1 and 3
            if (i % 1000 == 999) Assert.That(scaling.Current(t)[0], Is.EqualTo(2.0).Within(1e-6));
        }
        Assert.That(scaling.Count(0, last), Is.EqualTo(7680));
    }

    [Test]
    public void LiveFactorsAreTheFactorsOfNowWithoutACopy()
    {
        // Node 1: 2/1 at 0 s and 4/1 at 10 s -> tau 3; at 69 s (window 60 s) the first has expired -> 4; at 71 s both.
        var f = new ScalingFactors(3, 60);
        f.Record(0, 1, 1, 2);
        var live = f.Live(5);
        Assert.That(live, Is.EqualTo(new[] { 1.0, 2.0, 1.0 }));
        var copy = f.Current(5);
        f.Record(10, 1, 1, 4);
        Assert.That(f.Live(10), Is.SameAs(live), "one array, updated in place: no copy per request");
        Assert.That(live, Is.EqualTo(new[] { 1.0, 3.0, 1.0 }));
        Assert.That(copy, Is.EqualTo(new[] { 1.0, 2.0, 1.0 }), "Current is a copy the logs do not change");
        Assert.That(f.Live(69), Is.EqualTo(new[] { 1.0, 4.0, 1.0 }));
        Assert.That(f.Current(71), Is.EqualTo(new[] { 1.0, 1.0, 1.0 }), "every log expired: back to 1");
    }
}
