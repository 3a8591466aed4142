namespace T2CSim.Tests.Core.Planning;

using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using T2CSim.Core.Prediction;
using static TestModels;

public sealed class ReconfigurationTests
{
    private static LatencyPredictorView HalvedBandwidth(PlanningContext context)
    {
        var net = context.Predictor.Network.Clone();
        for (int i = 0; i < net.CapacityBps.Length; i++) net.CapacityBps[i] /= 2;
        return context.Predictor with { Network = net };
    }

    [Test]
    public void AfterTheBandwidthHalvesTheModelMovesToTheFastestCutItsTiersAllow()
    {
        // A runs cuts (1,1) on device + cloud, final exit: 2+10+1+1+1 = 15 ms. Halved bandwidth (2 µs
        // per byte): 4+10+2+2+1 = 19 ms, serving neither r0 (0.8, 16 ms) nor r1 (0.5, 14.5 ms).
        // Within {device, cloud}: early exit fastest all cloud (0,0) 4+4+4+1 = 13 ms, serves r1 only
        // (0.6 < 0.8); final exit fastest all cloud (0,0) 4+4+4+1+1 = 14 ms, serves both. New plan:
        // (0,0), final exit, on the cloud alone.
        var context = Context(Chain(3, 3, 7), [TwoLayer("A")], [Request(0, "A", "t", 0.8, 16), Request(1, "A", "t", 0.5, 14.5)]);
        var current = new ModelDeployment("A", new PartitionPoints(1, 1), [new TaskAssignment("t", 1, 0.9, 0.015)], [0, 2], [0]);

        var next = ReconfigurationAlgorithm.Reconfigure(current, context.Requests, HalvedBandwidth(context));

        Assert.That(next.Partition, Is.EqualTo(new PartitionPoints(0, 0)));
        Assert.That(next.Tasks.Single().ExitIndex, Is.EqualTo(1));
        Assert.That(next.Tasks.Single().PredictedLatencyS, Is.EqualTo(0.014).Within(1e-9));
        Assert.That(next.TiersUsed, Is.EqualTo(new[] { 2 }));
        Assert.That(next.ServedRequestIds, Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public void ItDoesNotMoveToAFasterTierItDidNotHold()
    {
        // A runs (1,2) on device + edge: halved, 4+10+2+5 = 21 ms, missing r0 (0.8, 19 ms). All cloud
        // would take 14 ms, but the cloud is not A's; on its own tiers the fastest final exit is all
        // edge (0,2): 4+4+10 = 18 ms, which serves r0.
        var context = Context(Chain(3, 3, 7), [TwoLayer("A")], [Request(0, "A", "t", 0.8, 19)]);
        var current = new ModelDeployment("A", new PartitionPoints(1, 2), [new TaskAssignment("t", 1, 0.9, 0.018)], [0, 1], [0]);

        var next = ReconfigurationAlgorithm.Reconfigure(current, context.Requests, HalvedBandwidth(context));

        Assert.That(next.Partition, Is.EqualTo(new PartitionPoints(0, 2)));
        Assert.That(next.TiersUsed, Is.EqualTo(new[] { 1 }));
        Assert.That(next.ServedRequestIds, Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void WhenNothingServesMoreTheCurrentDeploymentIsKept()
    {
        // (1,1) takes 15 ms and serves r0 (16 ms); all cloud (8 ms) serves it too but no more.
        var context = Context(Chain(3, 3, 7), [TwoLayer("A")], [Request(0, "A", "t", 0.8, 16)]);
        var current = new ModelDeployment("A", new PartitionPoints(1, 1), [new TaskAssignment("t", 1, 0.9, 0.015)], [0, 2], [0]);

        Assert.That(ReconfigurationAlgorithm.Reconfigure(current, context.Requests, context.Predictor), Is.SameAs(current));
    }

    [Test]
    public void OnRandomInstancesItStaysOnHeldTiersKeepsItsTasksAndNeverServesFewer()
    {
        int changed = 0;
        for (int seed = 1; seed <= 300; seed++)
        {
            var context = TestModels.Random(seed);
            var halved = HalvedBandwidth(context);
            foreach (var current in AlgorithmCatalog.Get("T2C_MHE").Planner.Plan(context).Deployments)
            {
                var next = ReconfigurationAlgorithm.Reconfigure(current, context.Requests, halved);
                Assert.That(next.TiersUsed, Is.SubsetOf(current.TiersUsed), $"seed {seed}, {current.Model}");
                Assert.That(next.Tasks.Select(t => t.Task), Is.EqualTo(current.Tasks.Select(t => t.Task)), $"seed {seed}");
                if (ReferenceEquals(next, current)) continue;
                changed++;
                Assert.That(ServedNow(next, context.Requests, halved), Is.GreaterThan(ServedNow(current, context.Requests, halved)), $"seed {seed}");
                Assert.That(next.ServedRequestIds.Count, Is.EqualTo(ServedNow(next, context.Requests, halved)), $"seed {seed}");
            }
        }
        Assert.That(changed, Is.GreaterThan(0));
    }

    /// <summary>Requests a deployment serves under a view, recounted from the predictor.</summary>
    private static int ServedNow(ModelDeployment d, IReadOnlyList<Request> requests, LatencyPredictorView view)
    {
        var model = view.Catalog[d.Model];
        int served = 0;
        foreach (var a in d.Tasks)
        {
            var task = model.Task(a.Task);
            var exit = task.Exits[a.ExitIndex];
            double latency = view.Predict(model, task, exit, d.Partition);
            served += requests.Count(r => r.Model == d.Model && r.Task == a.Task && exit.Accuracy >= r.MinAccuracy && latency <= r.MaxLatencyS);
        }
        return served;
    }
}
