namespace T2CSim.Tests.Core.Controller;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Tests.Core.Support;

/// <summary>
/// The operation phase of the thesis in miniature: the edge-cloud link is halved under a deployed
/// model; T2C_MHER moves its partition points within the tiers it holds and recovers, T2C_MHE does not.
/// </summary>
public class ReconfigurationControllerTests
{
    // Fast sensor and WiFi links, a slow 10 Mbps broadband link; the device has no slot, so the
    // model must live on the edge and the cloud, one slot each, and nothing else fits.
    private static Topology World() => CameraWorld.Topology();

    private static ModelSpec Camera() => CameraWorld.Camera();

    private static readonly ControllerSettings Settings = new()
    {
        AggregationPeriodS = 10, ReconfigurationPeriodS = 15, DeploymentTimeS = 2, ReconfigurationDowntimeS = 0.5,
        ReconfigurationThreshold = 0.9, IdleTimeoutS = 60, StatusReportPeriodS = 1, ScalingWindowS = 60,
    };

    private static ControllerHarness RunWithCut(string algorithm)
    {
        var h = new ControllerHarness(World(), [Camera()], algorithm, Settings);
        h.SubmitEvery(1, 120, 0.5, "cam", "t", 0.65, 0.050);
        h.SetCapacityAt(30, 2, 5e6);
        h.Run(130);
        return h;
    }

    /// <summary>Requests completed in [from, to) and how many of them were served: the timeline's view.</summary>
    private static (int Completed, int Served) CompletedIn(ControllerHarness h, double fromS, double toS)
    {
        var done = h.Controller.Log.Requests.Where(r => r.Ran && r.CompletedS >= fromS && r.CompletedS < toS).ToList();
        return (done.Count, done.Count(r => r.Outcome == RequestOutcome.Served));
    }

    [Test]
    public void BeforeTheCutBothServeEveryRequestOnTheEdgeAndCloud()
    {
        foreach (var algorithm in new[] { "T2C_MHE", "T2C_MHER" })
        {
            var h = RunWithCut(algorithm);
            Assert.That(h.Controller.Log.Deployments[0].Tiers, Is.EquivalentTo(new[] { 1, 2 }), algorithm);
            var (completed, served) = CompletedIn(h, 0, 30);
            Assert.That(completed, Is.GreaterThan(30), algorithm);
            Assert.That(served, Is.EqualTo(completed), algorithm);
        }
    }

    [Test]
    public void AfterTheCutT2CMherMovesThePartitionWithinItsTiersAndRecovers()
    {
        var h = RunWithCut("T2C_MHER");
        var deployment = h.Controller.Log.Deployments.Single();
        Assert.That(h.Controller.Log.Events.Count(e => e.Kind == "reconfigure"), Is.GreaterThanOrEqualTo(1));
        Assert.That(deployment.Plan.Partition.PPrime, Is.GreaterThanOrEqualTo(2), "layer 2 moved from the cloud to the edge");
        Assert.That(deployment.Tiers, Is.EquivalentTo(new[] { 1, 2 }), "it keeps the slots it held");
        // Reconfigured at 45 s (+0.5 s downtime); the requests queued since the cut board at the 50 s
        // aggregation together with the one arriving at 50 s, so that one inference waits for the other.
        var (completed, served) = CompletedIn(h, 50.5, 85);
        Assert.That(completed, Is.GreaterThanOrEqualTo(68), "a request every 0.5 s rides the reconfigured model");
        Assert.That(served, Is.EqualTo(completed), "after the reconfiguration every request is served again");
    }

    [Test]
    public void AfterTheCutT2CMheDoesNotRecover()
    {
        var h = RunWithCut("T2C_MHE");
        Assert.That(h.Controller.Log.Events.Count(e => e.Kind == "reconfigure"), Is.Zero);
        // Until the idle deployment is shut down (60 s after its last rider, about 90 s) no slot is
        // free for a new deployment, and the old one can no longer promise 50 ms: nothing is served.
        Assert.That(CompletedIn(h, 31, 85).Served, Is.Zero, "no slot is free for a new deployment and the old one can no longer meet 50 ms");
        var missed = h.Controller.Log.Requests.Where(r => r.Outcome == RequestOutcome.Missed).ToList();
        Assert.That(missed, Is.Not.Empty, "requests attached before the controller saw the cut missed their deadline");
        Assert.That(missed.All(r => r.Reason == "latency" && r.Request.ArrivalS >= 29), Is.True);
    }
}
