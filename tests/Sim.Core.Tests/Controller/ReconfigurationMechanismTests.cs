namespace T2CSim.Tests.Core.Controller;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Tests.Core.Support;
using T2CSim.Core.Planning;

/// <summary>
/// The cost of reconfiguration: pause-and-resume loses the requests that arrive in its downtime,
/// switching keeps the old plan serving on double slots until the new partitions are ready, and the
/// cost-aware rule (T2C_MHER-C) declines a reconfiguration whose downtime costs more than it gains.
/// </summary>
public class ReconfigurationMechanismTests
{
    // As ReconfigurationControllerTests: the model must live on the edge and the cloud; the edge may
    // have a second slot (switching's second partition).
    private static Topology World(int edgeSlots) => CameraWorld.Topology(edgeSlots);

    private static ModelSpec Camera() => CameraWorld.Camera();

    // Checks every 17 s (17, 34, 51 s); the cut at 31 s is seen at 32 s, so the 34 s check reconfigures.
    private static ControllerSettings Settings(ReconfigurationMechanism mechanism, double pauseS = 6) => new()
    {
        AggregationPeriodS = 10, ReconfigurationPeriodS = 17, DeploymentTimeS = 2, ReconfigurationDowntimeS = 0.5,
        ReconfigurationThreshold = 0.99, IdleTimeoutS = 60, StatusReportPeriodS = 1, ScalingWindowS = 60,
        ReconfigurationMechanism = mechanism, PauseResumeDowntimeS = pauseS, SwitchingTimeS = 0.6,
    };

    /// <summary>Strict requests (50 ms) every 0.5 s from 1 s and lax ones (200 ms) every 0.5 s from 1.25 s; the broadband link halved at 31 s.</summary>
    private static ControllerHarness Run(string algorithm, ControllerSettings settings, int edgeSlots, Action<ControllerHarness>? probe = null)
    {
        var h = new ControllerHarness(World(edgeSlots), [Camera()], algorithm, settings);
        h.SubmitEvery(1, 70, 0.5, "cam", "t", 0.65, 0.050);
        h.SubmitEvery(1.25, 70, 0.5, "cam", "t", 0.65, 0.200, firstId: 10_000);
        h.SetCapacityAt(31, 2, 5e6);
        probe?.Invoke(h);
        h.Run(80);
        return h;
    }

    private const string Lost = "lost to reconfiguration downtime";

    /// <summary>
    /// Requests arriving after `fromS`, except one arriving at an aggregation instant: the strict
    /// requests queued since the cut board then in one shared inference and the arrival's own
    /// inference waits for it (as in ReconfigurationControllerTests), whatever the mechanism.
    /// </summary>
    private static IEnumerable<RequestRecord> ArrivingAfter(ControllerHarness h, double fromS) =>
        h.Controller.Log.Requests.Where(r => r.Request.ArrivalS > fromS && r.Request.ArrivalS % 10 != 0);

    [Test]
    public void PauseAndResumeLosesExactlyTheRequestsArrivingInItsDowntime()
    {
        var h = Run("T2C_MHER", Settings(ReconfigurationMechanism.PauseResume), edgeSlots: 1);
        var reconfigure = h.Controller.Log.Events.Single(e => e.Kind == "reconfigure");
        Assert.That(reconfigure.TimeS, Is.EqualTo(34));
        var lost = h.Controller.Log.Requests.Where(r => r.Reason == Lost).ToList();
        var inWindow = h.Controller.Log.Requests.Where(r => r.Request.ArrivalS > 34 && r.Request.ArrivalS < 40).ToList();
        Assert.That(inWindow.Count, Is.EqualTo(23), "11 strict and 12 lax arrivals strictly inside the 6 s pause");
        Assert.That(inWindow.All(r => r.Reason == Lost), "every request arriving during the pause is lost");
        Assert.That(lost.All(r => r.Request.ArrivalS >= 34 && r.Request.ArrivalS <= 40), "no request outside the pause is lost");
        Assert.That(lost.All(r => r.Outcome == RequestOutcome.Unserved && double.IsNaN(r.StartedS)));
        Assert.That(ArrivingAfter(h, 40.5).All(r => r.Outcome == RequestOutcome.Served), "after the pause every request is served again");
    }

    [Test]
    public void SwitchingKeepsTheOldPlanServingOnDoubleSlotsUntilTheNewOneIsReady()
    {
        int[]? edgeSlotsUsed = null;
        var h = Run("T2C_MHER", Settings(ReconfigurationMechanism.Switching), edgeSlots: 2, probe: h =>
        {
            edgeSlotsUsed = new int[3];
            h.Sim.Schedule(33.9, () => edgeSlotsUsed[0] = h.Controller.ResourceMonitor.SlotsUsed(1));
            h.Sim.Schedule(34.3, () => edgeSlotsUsed[1] = h.Controller.ResourceMonitor.SlotsUsed(1));
            h.Sim.Schedule(34.7, () => edgeSlotsUsed[2] = h.Controller.ResourceMonitor.SlotsUsed(1));
        });
        Assert.That(h.Controller.Log.Events.Single(e => e.Kind == "reconfigure").TimeS, Is.EqualTo(34));
        Assert.That(h.Controller.Log.Events.Single(e => e.Kind == "switched").TimeS, Is.EqualTo(34.6).Within(1e-9), "ready after the 0.6 s switching time");
        Assert.That(edgeSlotsUsed, Is.EqualTo(new[] { 1, 2, 1 }), "a second edge slot is held only during the overlap");
        Assert.That(h.Controller.Log.Requests.Any(r => r.Reason == Lost), Is.False, "no downtime");
        var duringSwitch = h.Record(10_000 + 66); // the lax request arriving at 34.25 s
        Assert.That(duringSwitch.Request.ArrivalS, Is.EqualTo(34.25));
        Assert.That(duringSwitch.Outcome, Is.EqualTo(RequestOutcome.Served));
        Assert.That(duringSwitch.Partition, Is.EqualTo("(0,1)"), "served by the old plan during the switch");
        Assert.That(h.Controller.Log.Deployments.Single().Plan.Partition.ToString(), Is.EqualTo("(0,2)"));
        Assert.That(ArrivingAfter(h, 35).All(r => r.Outcome == RequestOutcome.Served));
    }

    [Test]
    public void SwitchingWithoutAFreeSlotFallsBackToPauseAndResume()
    {
        var h = Run("T2C_MHER", Settings(ReconfigurationMechanism.Switching), edgeSlots: 1);
        Assert.That(h.Controller.Log.Events.Any(e => e.Kind == "switched"), Is.False);
        Assert.That(h.Controller.Log.Events.Single(e => e.Kind == "switch-fallback").TimeS, Is.EqualTo(34));
        Assert.That(h.Controller.Log.Requests.Count(r => r.Reason == Lost), Is.InRange(23, 25));
    }

    /// <summary>
    /// At the 34 s check the window's demand is about 68 requests: the lax half the old plan still
    /// serves, the strict half only the new one. Gain ≈ 34 × 17/17, loss ≈ 68 × D/17: a 6 s pause
    /// pays (24 lost < 34 gained), a 15 s pause does not (60 > 34).
    /// </summary>
    [Test]
    public void TheCostAwareRuleDeclinesAReconfigurationWhoseDowntimeCostsMoreThanItGains()
    {
        var cheap = Run("T2C_MHER-C", Settings(ReconfigurationMechanism.PauseResume, pauseS: 6), edgeSlots: 1);
        Assert.That(cheap.Controller.Log.Events.Count(e => e.Kind == "reconfigure"), Is.EqualTo(1));

        var dear = Run("T2C_MHER-C", Settings(ReconfigurationMechanism.PauseResume, pauseS: 15), edgeSlots: 1);
        Assert.That(dear.Controller.Log.Events.Count(e => e.Kind == "reconfigure"), Is.Zero);
        Assert.That(dear.Controller.Log.Events.Where(e => e.Kind == "reconfiguration-declined").Select(e => e.TimeS), Does.Contain(34.0));
        Assert.That(dear.Controller.Log.Requests.Any(r => r.Reason == Lost), Is.False);

        // The thesis's rule reconfigures whatever the pause costs.
        var plain = Run("T2C_MHER", Settings(ReconfigurationMechanism.PauseResume, pauseS: 15), edgeSlots: 1);
        Assert.That(plain.Controller.Log.Events.Count(e => e.Kind == "reconfigure"), Is.EqualTo(1));
    }
}
