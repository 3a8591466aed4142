namespace T2CSim.Tests.Core.Controller;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using T2CSim.Tests.Core.Support;

/// <summary>
/// Hitchhiking on hand-made deployments of the camera model (Support/CameraWorld), early exit
/// (accuracy 0.7), unit scaling factors and idle links (free bandwidth 0.9 b):
///   sensor and WiFi links: 50,000 B × 8 / 90 Mbps + 1 ms each (the device computes nothing);
///   cuts (0,1): edge layer 1 (10 ms), broadband 20,000 B × 8 / 9 Mbps + 5 ms, cloud layer 2 and head (3 ms);
///   cuts (0,2): edge layers 1, 2 and head (10 + 25 + 1 ms), no broadband.
/// </summary>
public class HitchhikingTests
{
    private static readonly double Sensor = 50_000 * 8 / 90e6 + 0.001;
    private static readonly double SplitS = 2 * Sensor + 0.010 + (20_000 * 8 / 9e6 + 0.005) + 0.003;
    private static readonly double EdgeOnlyS = 2 * Sensor + 0.036;

    private static readonly Topology World = CameraWorld.Topology(edgeSlots: 2);
    private static readonly ModelSpec Cam = CameraWorld.Camera();

    private static Deployment Deployed(int id, PartitionPoints cuts, int[] tiers, int exit = 0, double accuracy = 0.7) =>
        new(id, Cam, new ModelDeployment("cam", cuts, [new TaskAssignment("t", exit, accuracy, 0)], tiers, []), 0);

    private static Request Req(double minAccuracy, double maxLatencyS, string model = "cam") => new(1, 0, model, "t", minAccuracy, maxLatencyS);

    private static Ride? Find(Request request, params Deployment[] deployments) =>
        new Hitchhiking().FindRide(request, deployments, RecordingContinuum.View(World, Cam));

    [Test]
    public void TheHandComputedLatenciesAreThePredictorsOwn()
    {
        var ride = Find(Req(0.5, 1), Deployed(0, new PartitionPoints(0, 1), [1, 2]));
        Assert.That(ride!.Value.PredictedS, Is.EqualTo(SplitS).Within(1e-12));
        ride = Find(Req(0.5, 1), Deployed(0, new PartitionPoints(0, 2), [1]));
        Assert.That(ride!.Value.PredictedS, Is.EqualTo(EdgeOnlyS).Within(1e-12));
    }

    [Test]
    public void ARequestRidesWhenTheExitIsAccurateEnoughAndThePredictionMeetsItsLatency()
    {
        var split = Deployed(0, new PartitionPoints(0, 1), [1, 2]);
        var ride = Find(Req(0.7, SplitS), split);
        Assert.That(ride, Is.Not.Null, "accuracy equal to the exit's and latency equal to the prediction both qualify");
        Assert.That(ride!.Value.Deployment, Is.SameAs(split));
        Assert.That(ride.Value.Task.ExitIndex, Is.EqualTo(0));
    }

    [Test]
    public void ARequestDoesNotRideAnExitLessAccurateThanItAsks()
    {
        Assert.That(Find(Req(0.71, 1), Deployed(0, new PartitionPoints(0, 1), [1, 2])), Is.Null);
    }

    [Test]
    public void ARequestDoesNotRideAModelPredictedTooSlow()
    {
        Assert.That(Find(Req(0.5, SplitS - 1e-6), Deployed(0, new PartitionPoints(0, 1), [1, 2])), Is.Null);
    }

    [Test]
    public void ARequestDoesNotRideAnotherModelOrAStoppedOne()
    {
        var stopped = Deployed(0, new PartitionPoints(0, 1), [1, 2]);
        stopped.State = DeploymentState.Stopped;
        Assert.That(Find(Req(0.5, 1), stopped), Is.Null);
        Assert.That(Find(Req(0.5, 1, model: "other"), Deployed(1, new PartitionPoints(0, 1), [1, 2])), Is.Null);
    }

    [Test]
    public void TheLowestPredictedLatencyWinsWhateverTheOrder()
    {
        var edgeOnly = Deployed(0, new PartitionPoints(0, 2), [1]);
        var split = Deployed(1, new PartitionPoints(0, 1), [1, 2]);
        Assert.That(SplitS, Is.LessThan(EdgeOnlyS));
        Assert.That(Find(Req(0.5, 1), edgeOnly, split)!.Value.Deployment, Is.SameAs(split));
        Assert.That(Find(Req(0.5, 1), split, edgeOnly)!.Value.Deployment, Is.SameAs(split));
    }

    [Test]
    public void OnATieTheOlderDeploymentWins()
    {
        var first = Deployed(0, new PartitionPoints(0, 1), [1, 2]);
        var second = Deployed(1, new PartitionPoints(0, 1), [1, 2]);
        Assert.That(Find(Req(0.5, 1), first, second)!.Value.Deployment, Is.SameAs(first));
    }

    [Test]
    public void AQueueingTermIsAddedToThePredictionAndCanRuleARideOut()
    {
        var split = Deployed(0, new PartitionPoints(0, 1), [1, 2]);
        var edgeOnly = Deployed(1, new PartitionPoints(0, 2), [1]);
        // 10 ms of work already queued on the split model's path, none on the other's.
        var loaded = new Hitchhiking((d, _, _) => d == split ? 0.010 : 0);
        var view = RecordingContinuum.View(World, Cam);
        var ride = loaded.FindRide(Req(0.5, 1), [split, edgeOnly], view);
        Assert.That(ride!.Value.Deployment, Is.SameAs(edgeOnly), "46.9 ms beats 46.7 + 10 ms");
        Assert.That(loaded.FindRide(Req(0.5, SplitS + 0.005), [split], view), Is.Null, "the queue makes it miss");
    }
}
