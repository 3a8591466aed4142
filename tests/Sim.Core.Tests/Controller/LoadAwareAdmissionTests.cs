namespace T2CSim.Tests.Core.Controller;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Tests.Core.Support;
using T2CSim.Core.Planning;
using T2CSim.Core.Prediction;

/// <summary>
/// Load-aware prediction and admission (T2C_MHE-L): the queueing term by hand, a request no one can
/// serve in time rejected at once with its cause, and another instance launched beside a saturated one.
/// </summary>
public class LoadAwareAdmissionTests
{
    // Fast sensor and WiFi links (100 Mbps), a 10 Mbps broadband link; one core per tier.
    private static Topology World(int edgeSlots = 1, int cloudSlots = 1) => CameraWorld.Topology(edgeSlots, cloudSlots);

    private static ModelSpec Camera() => CameraWorld.Camera();

    private static readonly ControllerSettings Settings = new()
    {
        AggregationPeriodS = 10, ReconfigurationPeriodS = 45, DeploymentTimeS = 2, ReconfigurationDowntimeS = 0.5,
        IdleTimeoutS = 60, StatusReportPeriodS = 1, ScalingWindowS = 60,
    };

    private static InferenceJob Job(ModelSpec model, PartitionPoints cuts, int exit) =>
        new([(model.Tasks[0], model.Tasks[0].Exits[exit])], cuts, 0, [], (_, _, _) => { }, (_, _, _) => { });

    /// <summary>
    /// Two inferences of the final exit at cuts (0, 1) in flight, nothing done yet. A third one waits,
    /// with unit scaling factors and idle links (free bandwidth 0.9 b):
    ///   sensor link  2 × 50,000 B × 8 / 90 Mbps = 8.889 ms;  WiFi the same (the device computes nothing);
    ///   edge         2 × 10 ms (layer 1) on its own partition and the edge's single core = 20 ms;
    ///   broadband    2 × 20,000 B × 8 / 9 Mbps = 35.556 ms;
    ///   cloud        2 × (2 + 2 + 1) ms = 10 ms.
    /// Total 83.333 ms. As the world reports progress, each part leaves the queue.
    /// </summary>
    [Test]
    public void QueueingTermIsTheWorkQueuedOnEachTierAndLinkOfThePath()
    {
        var topology = World();
        var cam = Camera();
        var cuts = new PartitionPoints(0, 1);
        var plan = new ModelDeployment("cam", cuts, [new TaskAssignment("t", 1, 0.9, 0)], [1, 2], []);
        var deployment = new Deployment(0, cam, plan, 0);
        var load = new InferenceLoad(topology);
        var net = NetworkState.FromTopology(topology);
        var final = cam.Tasks[0].Exits[1];
        double[] tau = [1, 1, 1];
        var first = Job(cam, cuts, 1);
        var a = load.Start(deployment, first, tau);
        load.Start(deployment, Job(cam, cuts, 1), tau);

        double sensor = 2 * 50_000 * 8 / 90e6, wifi = sensor, edge = 0.020, broadband = 2 * 20_000 * 8 / 9e6, cloud = 0.010;
        Assert.That(load.QueueS(deployment, cam, final, cuts, net), Is.EqualTo(sensor + wifi + edge + broadband + cloud).Within(1e-12));

        // The first job's frame crossed the sensor link and its edge stage is done.
        load.TransferDone(a, 0);
        load.StageDone(a, 1);
        Assert.That(load.QueueS(deployment, cam, final, cuts, net), Is.EqualTo(sensor / 2 + wifi + edge / 2 + broadband + cloud).Within(1e-12));

        // A new deployment of the same model has its own (empty) partitions; the edge's core is still busy
        // with 10 ms and the links are shared (the sensor link is the model's own).
        var other = new Deployment(1, cam, plan, 0);
        Assert.That(load.QueueS(other, cam, final, cuts, net), Is.EqualTo(sensor / 2 + wifi + edge / 2 + broadband + cloud).Within(1e-12));

        // The early exit (after layer 2, on the cloud) crosses the same links and tiers.
        var early = cam.Tasks[0].Exits[0];
        Assert.That(load.QueueS(deployment, cam, early, cuts, net), Is.EqualTo(sensor / 2 + wifi + edge / 2 + broadband + cloud).Within(1e-12));

        // An exit on the edge (cuts (0, 2)) crosses no broadband and computes nothing on the cloud.
        Assert.That(load.QueueS(deployment, cam, early, new PartitionPoints(0, 2), net), Is.EqualTo(sensor / 2 + wifi + edge / 2).Within(1e-12));

        // When the first job's task has its result, everything it still held is released.
        load.TaskDone(first);
        Assert.That(load.QueueS(deployment, cam, final, cuts, net), Is.EqualTo((sensor + wifi + edge + broadband + cloud) / 2).Within(1e-12));
        Assert.That(load.JobsInFlight, Is.EqualTo(1));

        // Its agents lost, a deployment's inferences never report back: they leave the queues at once.
        load.ReleaseAll(deployment);
        Assert.That(load.JobsInFlight, Is.Zero);
        Assert.That(load.QueueS(deployment, cam, final, cuts, net), Is.Zero);
    }

    [Test]
    public void ARequestNoConfigurationCanMeetIsRejectedAtOnceAsInfeasible()
    {
        var h = new ControllerHarness(World(), [Camera()], "T2C_MHE-L", Settings);
        // 1 ms: less than the sensor link alone.
        h.SubmitAt(1, new Request(0, 1, "cam", "t", 0.65, 0.001));
        h.Sim.Run(1.5);
        var record = h.Record(0);
        Assert.That(record.Reason, Is.EqualTo(LoadAwareAdmission.InfeasibleReason));
        Assert.That(h.Controller.RequestManager.Queue, Is.Empty, "not left waiting in the queue");
        h.Run(30);
        Assert.That(record.Outcome, Is.EqualTo(RequestOutcome.Unserved));
        Assert.That(h.Controller.Log.Deployments, Is.Empty);
    }

    /// <summary>
    /// One deployment holds the only edge and cloud slots. Ten requests of 60 ms arrive together at
    /// 20 s: the first rides (46.7 ms predicted, nothing queued); each later one would queue behind
    /// it (the broadband link alone adds 17.8 ms), so it is rejected as saturated at once, where
    /// T2C_MHE attaches all ten and most miss their deadline.
    /// </summary>
    [Test]
    public void RequestsASaturatedDeploymentCannotServeAreRejectedAtOnceWithTheirCause()
    {
        ControllerHarness Flood(string algorithm)
        {
            var h = new ControllerHarness(World(), [Camera()], algorithm, Settings);
            h.SubmitAt(1, new Request(100, 1, "cam", "t", 0.65, 0.060));
            for (int i = 0; i < 10; i++) h.SubmitAt(20, new Request(i, 20, "cam", "t", 0.65, 0.060));
            h.Run(40);
            return h;
        }
        var loadAware = Flood("T2C_MHE-L");
        var flood = Enumerable.Range(0, 10).Select(loadAware.Record).ToList();
        Assert.That(flood.Count(r => r.Outcome == RequestOutcome.Served), Is.EqualTo(1));
        Assert.That(flood.Count(r => r.Reason == LoadAwareAdmission.SaturatedReason), Is.EqualTo(9));
        Assert.That(flood.Where(r => r.Reason == LoadAwareAdmission.SaturatedReason).All(r => double.IsNaN(r.StartedS)), "rejected without running");
        Assert.That(loadAware.Controller.Log.Requests.Count(r => r.Outcome == RequestOutcome.Missed), Is.Zero);

        var thesis = Flood("T2C_MHE");
        var attached = Enumerable.Range(0, 10).Select(thesis.Record).ToList();
        Assert.That(attached.All(r => r.Ran), "T2C_MHE attaches every one");
        Assert.That(attached.Count(r => r.Outcome == RequestOutcome.Served), Is.LessThanOrEqualTo(1), "and they queue behind each other past 60 ms");
    }

    /// <summary>
    /// A model that computes only on the edge (20 ms; 1,000 B frames on 100 Mbps links, 0.09 ms each),
    /// whose requests allow 30 ms: one inference queued on its partition makes the next miss. The edge
    /// has 4 cores and 2 slots. A rides the instance at 15 s; B, 1 ms later, would wait 20 ms behind it,
    /// but a free slot can serve it, so it waits for a plan; C rides at 19.999 s; at the 20 s
    /// aggregation the instance is busy with C, so B gets another instance of the model (its own empty
    /// partition; the edge's cores add 20 ms / 4 = 5 ms: 25.2 ms predicted).
    /// </summary>
    [Test]
    public void ASaturatedDeploymentGetsAnotherInstanceWhenSlotsAreFree()
    {
        var topology = new Topology(
            [new TierSpec("device", 0, 1), new TierSpec("edge", 2, 4), new TierSpec("cloud", 0, 1)],
            [new LinkSpec("sensor_device", 100e6, 0, 0), new LinkSpec("device_edge", 100e6, 0, 0), new LinkSpec("edge_cloud", 100e6, 0, 0)]);
        var model = new ModelSpec("edgy", 1_000, 1,
        [
            new TaskSpec("t", [new LayerSpec(1, "l1", null, [1.0, 0.020, 1.0], 100)], [new ExitSpec("t", 0, "t.final", 1, [0, 0, 0], 8, 0.9)]),
        ]);
        var h = new ControllerHarness(topology, [model], "T2C_MHE-L", Settings);
        h.SubmitAt(1, new Request(100, 1, "edgy", "t", 0.8, 0.030));
        h.SubmitAt(15, new Request(0, 15, "edgy", "t", 0.8, 0.030));
        h.SubmitAt(15.001, new Request(1, 15.001, "edgy", "t", 0.8, 0.030));
        h.SubmitAt(19.999, new Request(2, 19.999, "edgy", "t", 0.8, 0.030));
        h.Run(40);
        var deployments = h.Controller.Log.Deployments;
        Assert.That(deployments.Count, Is.EqualTo(2));
        Assert.That(deployments[1].PlannedAtS, Is.EqualTo(20), "planned at the first aggregation after B was turned away");
        Assert.That(h.Record(0).DeploymentId, Is.EqualTo(deployments[0].Id));
        Assert.That(h.Record(2).DeploymentId, Is.EqualTo(deployments[0].Id));
        Assert.That(h.Record(1).DeploymentId, Is.EqualTo(deployments[1].Id), "B runs on the new instance");
        Assert.That(new[] { 0, 1, 2, 100 }.Select(h.Record).All(r => r.Outcome == RequestOutcome.Served));
    }

    /// <summary>
    /// Two models that compute 20 ms each on an edge with one core, requests allowing 30 ms. Planned in
    /// the same aggregation, both would start when they come up at 12 s and one would wait for the
    /// core: 40 ms. T2C_MHE-L's first deployment reserves its first inference, so the second model's
    /// request sees 20 ms queued on the edge's core and waits for the next plan (20 s), when the first is
    /// idle; T2C_MHE deploys both at once and one request misses.
    /// </summary>
    [Test]
    public void DeploymentsOfOnePlanSeeEachOthersFirstInference()
    {
        var topology = new Topology(
            [new TierSpec("device", 0, 1), new TierSpec("edge", 2, 1), new TierSpec("cloud", 0, 1)],
            [new LinkSpec("sensor_device", 100e6, 0, 0), new LinkSpec("device_edge", 100e6, 0, 0), new LinkSpec("edge_cloud", 100e6, 0, 0)]);
        ModelSpec Model(string name) => new(name, 1_000, 1,
            [new TaskSpec("t", [new LayerSpec(1, "l1", null, [1.0, 0.020, 1.0], 100)], [new ExitSpec("t", 0, "t.final", 1, [0, 0, 0], 8, 0.9)])]);
        ControllerHarness Run(string algorithm)
        {
            var h = new ControllerHarness(topology, [Model("a"), Model("b")], algorithm, Settings with { IdleTimeoutS = 5 });
            h.SubmitAt(1, new Request(0, 1, "a", "t", 0.8, 0.030));
            h.SubmitAt(1, new Request(1, 1, "a", "t", 0.8, 0.030));
            h.SubmitAt(1, new Request(2, 1, "b", "t", 0.8, 0.030));
            h.Run(40);
            return h;
        }
        var loadAware = Run("T2C_MHE-L");
        Assert.That(loadAware.Controller.Log.Deployments.Select(d => (d.Model.Name, d.PlannedAtS)), Is.EqualTo(new[] { ("a", 10.0), ("b", 20.0) }));
        Assert.That(new[] { 0, 1, 2 }.Select(loadAware.Record).All(r => r.Outcome == RequestOutcome.Served));

        var thesis = Run("T2C_MHE");
        Assert.That(thesis.Controller.Log.Deployments.Select(d => d.PlannedAtS), Is.All.EqualTo(10.0));
        Assert.That(thesis.Controller.Log.Requests.Count(r => r.Outcome == RequestOutcome.Missed), Is.GreaterThanOrEqualTo(1), "the two first inferences share the edge's core");
    }
}
