namespace T2CSim.Tests.Core.Planning;

using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using T2CSim.Core.Prediction;

/// <summary>The cost-aware rule's arithmetic: gain (s_new − s_old) · H / W against loss s_new · D / W.</summary>
public class ReconfigurationCostTests
{
    private static readonly Topology World = new(
        [new TierSpec("device", 0, 1), new TierSpec("edge", 1, 1), new TierSpec("cloud", 1, 1)],
        [new LinkSpec("sensor_device", 100e6, 0.001, 0), new LinkSpec("device_edge", 100e6, 0.001, 0), new LinkSpec("edge_cloud", 5e6, 0.005, 0)]);

    private static readonly ModelSpec Camera = new("cam", 50_000, 3,
    [
        new TaskSpec("t",
            [
                new LayerSpec(1, "l1", null, [0.040, 0.010, 0.002], 20_000),
                new LayerSpec(2, "l2", null, [0.040, 0.025, 0.002], 1_000),
                new LayerSpec(3, "l3", null, [0.040, 0.030, 0.002], 100),
            ],
            [new ExitSpec("t", 0, "t.early", 2, [0.001, 0.001, 0.001], 8, 0.7), new ExitSpec("t", 1, "t.final", 3, [0.001, 0.001, 0.001], 8, 0.9)]),
    ]);

    private static ModelDeployment At(params int[] cuts) => new("cam", new PartitionPoints(cuts), [new TaskAssignment("t", 0, 0.7, 0)], [1, 2], []);

    /// <summary>`both` requests either plan meets, `onlyNew` only the faster (0, 2) meets.</summary>
    private static (ReconfigurationCost.Estimate Estimate, int Demand) Evaluate(int both, int onlyNew, double downtimeS)
    {
        var predictor = new LatencyPredictor(World, new ModelCatalog([Camera]));
        var view = new LatencyPredictorView(predictor, NetworkState.FromTopology(World), predictor.UnitTau());
        var task = Camera.Tasks[0];
        double slow = view.Predict(Camera, task, task.Exits[0], new PartitionPoints(0, 1));
        double fast = view.Predict(Camera, task, task.Exits[0], new PartitionPoints(0, 2));
        Assert.That(fast, Is.LessThan(slow));
        var demand = new List<Request>();
        for (int i = 0; i < both; i++) demand.Add(new Request(i, 0, "cam", "t", 0.65, slow + 0.001));
        for (int i = 0; i < onlyNew; i++) demand.Add(new Request(1000 + i, 0, "cam", "t", 0.65, (slow + fast) / 2));
        return (ReconfigurationCost.Evaluate(At(0, 1), At(0, 2), demand, view, Camera, windowS: 45, horizonS: 45, downtimeS), demand.Count);
    }

    [Test]
    public void AReconfigurationPaysWhenTheRequestsGainedExceedThoseLostInTheDowntime()
    {
        // 6 + 2 requests in 45 s; a 6 s pause: gain 2 · 45/45 = 2, loss 8 · 6/45 = 1.067.
        var (e, _) = Evaluate(both: 6, onlyNew: 2, downtimeS: 6);
        Assert.That((e.ServedBefore, e.ServedAfter), Is.EqualTo((6, 8)));
        Assert.That(e.GainRequests, Is.EqualTo(2).Within(1e-12));
        Assert.That(e.LossRequests, Is.EqualTo(8 * 6 / 45.0).Within(1e-12));
        Assert.That(e.Worthwhile, Is.True);
    }

    [Test]
    public void ItDoesNotPayWhenTheDowntimeLosesAsManyAsItGains()
    {
        // 13 + 2: loss 15 · 6/45 = 2 = gain: not strictly more, so no reconfiguration.
        var (e, _) = Evaluate(both: 13, onlyNew: 2, downtimeS: 6);
        Assert.That(e.GainRequests, Is.EqualTo(2).Within(1e-12));
        Assert.That(e.LossRequests, Is.EqualTo(2).Within(1e-12));
        Assert.That(e.Worthwhile, Is.False);
        // Switching (no downtime) pays as soon as the new plan serves more.
        Assert.That(Evaluate(both: 13, onlyNew: 2, downtimeS: 0).Estimate.Worthwhile, Is.True);
        Assert.That(ReconfigurationCost.DowntimeS(ReconfigurationMechanism.Switching, 0.5, 6), Is.Zero);
        Assert.That(ReconfigurationCost.DowntimeS(ReconfigurationMechanism.PauseResume, 0.5, 6), Is.EqualTo(6));
        Assert.That(ReconfigurationCost.DowntimeS(ReconfigurationMechanism.Hold, 0.5, 6), Is.EqualTo(0.5));
    }
}
