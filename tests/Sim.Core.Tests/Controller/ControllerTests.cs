namespace T2CSim.Tests.Core.Controller;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Metrics;

/// <summary>The controller's behaviour on the simulated continuum: hitchhiking, deployment, scaling factors.</summary>
public class ControllerTests
{
    private static readonly ControllerSettings Settings = new()
    {
        AggregationPeriodS = 10, DeploymentTimeS = 2, IdleTimeoutS = 30, ReconfigurationPeriodS = 45, StatusReportPeriodS = 1,
    };

    private static Topology Thesis(int deviceSlots = 3, int edgeSlots = 3, int cloudSlots = 7) => new(
        [new TierSpec("device", deviceSlots, 1), new TierSpec("edge", edgeSlots, 1), new TierSpec("cloud", cloudSlots, 1)],
        [new LinkSpec("sensor_device", 1e6, 0.001, 0), new LinkSpec("device_edge", 24e6, 0.003, 0), new LinkSpec("edge_cloud", 40e6, 0.005, 0)]);

    /// <summary>Two layers of 10 / 5 / 1 ms on device / edge / cloud; exits after 1 (0.6) and 2 (0.9).</summary>
    private static ModelSpec TwoLayer() => new("cam", 2000, 2,
    [
        new TaskSpec("t",
            [new LayerSpec(1, "l1", null, [0.010, 0.005, 0.001], 1000), new LayerSpec(2, "l2", null, [0.010, 0.005, 0.001], 100)],
            [new ExitSpec("t", 0, "t.early", 1, [0, 0, 0], 8, 0.6), new ExitSpec("t", 1, "t.final", 2, [0, 0, 0], 8, 0.9)]),
    ]);

    private static Request Req(int id, double minAccuracy = 0.5, double maxLatencyS = 0.2) => new(id, 0, "cam", "t", minAccuracy, maxLatencyS);

    [Test]
    public void WithHitchhikingALaterRequestStartsAtOnceOnTheDeployedModel()
    {
        var h = new ControllerHarness(Thesis(), [TwoLayer()], "T2C_MHE", Settings);
        h.SubmitAt(1, Req(0));
        h.SubmitAt(15, Req(1));
        h.Run(60);
        // r0 waits for the first aggregation (10 s) and the launch (2 s); r1 rides the model at once.
        Assert.That(h.Record(0).StartedS, Is.EqualTo(12).Within(1e-9));
        Assert.That(h.Record(1).StartedS, Is.EqualTo(15).Within(1e-9));
        Assert.That(h.Record(1).Attachment, Is.EqualTo(Attachment.Hitchhiked));
        Assert.That(h.Record(1).DeploymentId, Is.EqualTo(h.Record(0).DeploymentId));
        Assert.That(h.Controller.Log.Deployments, Has.Count.EqualTo(1));
    }

    [Test]
    public void WithoutHitchhikingALaterRequestWaitsForTheNextAggregationAndANewDeployment()
    {
        var h = new ControllerHarness(Thesis(), [TwoLayer()], "T2C_M", Settings);
        h.SubmitAt(1, Req(0));
        h.SubmitAt(15, Req(1));
        h.Run(60);
        // The first deployment ends with r0; r1 is planned at 20 s and its model serves at 22 s.
        Assert.That(h.Record(0).StartedS, Is.EqualTo(12).Within(1e-9));
        Assert.That(h.Record(1).StartedS, Is.EqualTo(22).Within(1e-9));
        Assert.That(h.Record(1).QueuingS, Is.EqualTo(7).Within(1e-9));
        Assert.That(h.Record(1).Attachment, Is.EqualTo(Attachment.Planned));
        Assert.That(h.Controller.Log.Deployments, Has.Count.EqualTo(2));
        Assert.That(h.Controller.Log.Events.Count(e => e.Kind == "shutdown"), Is.EqualTo(2));
    }

    [Test]
    public void AModelThatIsNotUpYetServesNothingAndItsDeploymentTimeIsReported()
    {
        var h = new ControllerHarness(Thesis(), [TwoLayer()], "T2C_MHE", Settings with { DeploymentTimeS = 3.5 });
        for (int i = 0; i < 5; i++) h.SubmitAt(1 + i, Req(i));
        h.Run(30);
        var log = h.Controller.Log;
        Assert.That(log.Requests.Where(r => r.Ran).Min(r => r.StartedS), Is.EqualTo(13.5).Within(1e-9), "planned at 10 s, up at 13.5 s");
        Assert.That(log.Requests.All(r => r.CompletedS >= 13.5));
        var summary = RunSummary.From("t", "T2C_MHE", 1, 1, 30, log, 0, h.Controller.DeploymentManager.PlannerCalls, h.World.BytesDeliveredPerLink(), h.World.ControlBytes);
        Assert.That(summary.MeanDeploymentTimeS, Is.EqualTo(3.5).Within(1e-9));
        Assert.That(summary.Served, Is.EqualTo(5));
    }

    [Test]
    public void ARequestNoExitCanSatisfyStaysQueuedAndIsCountedUnserved()
    {
        var h = new ControllerHarness(Thesis(), [TwoLayer()], "T2C_MHE", Settings);
        h.SubmitAt(1, Req(0, minAccuracy: 0.95));
        h.SubmitAt(2, Req(1));
        h.Run(40);
        Assert.That(h.Record(0).Outcome, Is.EqualTo(RequestOutcome.Unserved));
        Assert.That(h.Record(0).Reason, Is.EqualTo("queued at end"));
        Assert.That(h.Record(1).Outcome, Is.EqualTo(RequestOutcome.Served));
    }

    [Test]
    public void WithAQueueTimeoutARequestWaitingTooLongExpires()
    {
        // r0 can never be served (accuracy 0.95 > 0.9); it is checked at each aggregation (10, 20, ...)
        // and given up at the first one after 15 s of waiting: at 20 s.
        var h = new ControllerHarness(Thesis(), [TwoLayer()], "T2C_MHE", Settings with { QueueTimeoutS = 15 });
        h.SubmitAt(1, Req(0, minAccuracy: 0.95));
        h.SubmitAt(2, Req(1));
        h.Run(40);
        Assert.That(h.Record(0).Outcome, Is.EqualTo(RequestOutcome.Unserved));
        Assert.That(h.Record(0).Reason, Is.EqualTo("expired in queue"));
        Assert.That(h.Controller.RequestManager.Queue, Is.Empty);
        Assert.That(h.Record(1).Outcome, Is.EqualTo(RequestOutcome.Served));
    }

    [Test]
    public void ScalingFactorsConvergeToTheTrueSlowdownOfTheEdge()
    {
        // Only the edge has a slot, so every layer runs there; the simulated edge is 1.5x slower than
        // its table (with 10% noise). Requests come every 2 s, so no stage ever waits for another.
        var h = new ControllerHarness(Thesis(deviceSlots: 0, edgeSlots: 1, cloudSlots: 0), [TwoLayer()], "T2C_MHE",
            Settings with { ScalingWindowS = 60 }, noise: 0.1, slowdown: [1, 1.5, 1]);
        for (int i = 0; i < 150; i++) h.SubmitAt(1 + 2 * i, Req(i));
        h.Run(300);
        var tau = h.Controller.ScalingFactors.Current(h.Sim.Now);
        // 30 logs in the window, each 1.5 x lognormal(cv 0.1): the mean is within 1.5 +- 3 sigma/sqrt(30) = 1.5 +- 0.08.
        Assert.That(tau[1], Is.EqualTo(1.5).Within(0.08));
        Assert.That(tau[0], Is.EqualTo(1.0), "no layer ran on the device: no log, factor 1");
        // The predictions the request manager makes now include the factor.
        var view = h.Controller.CurrentView();
        var model = view.Catalog["cam"];
        var task = model.Tasks[0];
        double predicted = view.Predict(model, task, task.Exits[0], new PartitionPoints(0, 2));
        double unscaled = view.Predictor.Predict(model, task, task.Exits[0], new PartitionPoints(0, 2), view.Network, [1, 1, 1]);
        Assert.That(predicted - unscaled, Is.EqualTo((tau[1] - 1) * 0.005).Within(1e-12), "only the edge layer's 5 ms is scaled");
    }
}
