namespace T2CSim.Tests.Core.Controller;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using T2CSim.Tests.Core.Support;

/// <summary>
/// The deployment manager on a world that only records (RecordingContinuum): it plans, takes the
/// slots, launches, runs the waiting requests in one inference when the model is up, and frees the
/// slots when the model is done (at once without hitchhiking, after the idle timeout with it) or its
/// tier is lost.
/// </summary>
public class DeploymentManagerTests
{
    private static readonly ControllerSettings Settings = new() { IdleTimeoutS = 30 };
    private static readonly Topology World = CameraWorld.Topology();
    private static readonly ModelSpec Cam = CameraWorld.Camera();

    private sealed record Parts(RecordingContinuum Continuum, ResourceMonitor Monitor, DeploymentManager Manager, RunLog Log);

    private static Parts Make(bool keepForRiders, AlgorithmSpec? algorithm = null)
    {
        algorithm ??= AlgorithmCatalog.Get(keepForRiders ? "T2C_MHE" : "T2C_M");
        var world = new RecordingContinuum(World);
        var monitor = new ResourceMonitor(World, Settings);
        var log = new RunLog();
        var manager = new DeploymentManager(algorithm, new ModelCatalog([Cam]), world, monitor, log, Settings);
        return new Parts(world, monitor, manager, log);
    }

    /// <summary>The requests as the aggregator hands them over (one group: one model, multi-task).</summary>
    private static IReadOnlyList<Aggregator.RequestGroup> Grouped(List<RequestRecord> requests) => new Aggregator(multiTask: true).Group(requests);

    private static List<RequestRecord> Requests(int n) =>
        Enumerable.Range(0, n).Select(i => new RequestRecord(new Request(i, 0, "cam", "t", 0.6, 0.2))).ToList();

    private static int SlotsUsed(ResourceMonitor monitor) => Enumerable.Range(0, World.TierCount).Sum(monitor.SlotsUsed);

    [Test]
    public void ItDeploysAPlanTakingASlotOnEachTierAndLaunchingIt()
    {
        var p = Make(keepForRiders: false);
        var requests = Requests(3);
        var unplaced = p.Manager.Deploy(Grouped(requests), RecordingContinuum.View(World, Cam));

        Assert.That(unplaced, Is.Empty);
        var deployment = p.Monitor.Deployments.Single();
        Assert.That(p.Continuum.Launched.Single().Deployment, Is.SameAs(deployment));
        Assert.That(p.Log.Deployments.Single(), Is.SameAs(deployment));
        foreach (int k in deployment.Tiers) Assert.That(p.Monitor.SlotsUsed(k), Is.EqualTo(1), $"tier {k}");
        Assert.That(SlotsUsed(p.Monitor), Is.EqualTo(deployment.Tiers.Count));
        Assert.That(p.Manager.PlannerCalls, Is.EqualTo(1));
        Assert.That(requests.All(r => r.Attachment == Attachment.Planned && r.DeploymentId == deployment.Id && r.Cause == OutcomeCause.WaitingForModelAtEnd));
        Assert.That(p.Continuum.Inferences, Is.Empty, "nothing runs before the model is up");
    }

    [Test]
    public void WhenTheModelIsUpTheWaitingRequestsRunInOneInferenceAndItsSlotsAreFreedWhenDone()
    {
        var p = Make(keepForRiders: false);
        var requests = Requests(3);
        p.Manager.Deploy(Grouped(requests), RecordingContinuum.View(World, Cam));
        var deployment = p.Monitor.Deployments.Single();

        p.Continuum.Now = 2;
        p.Continuum.Launched.Single().Ready();
        Assert.That(deployment.State, Is.EqualTo(DeploymentState.Serving));
        Assert.That(deployment.ReadyAtS, Is.EqualTo(2));
        var (_, job) = p.Continuum.Inferences.Single();
        Assert.That(requests.All(r => r.Cause == OutcomeCause.RunningAtEnd && r.StartedS == 2));

        job.TaskDone(0, 2.05);
        Assert.That(requests.All(r => r.Cause == OutcomeCause.Served && Math.Abs(r.LatencyS - 0.05) < 1e-12));
        Assert.That(p.Monitor.Deployments, Is.Empty);
        Assert.That(SlotsUsed(p.Monitor), Is.Zero, "slots freed");
        Assert.That(p.Continuum.ShutDown.Single(), Is.SameAs(deployment));
        Assert.That(deployment.State, Is.EqualTo(DeploymentState.Stopped));
    }

    [Test]
    public void WithHitchhikingAnIdleModelStaysUpUntilTheIdleTimeout()
    {
        var p = Make(keepForRiders: true);
        var requests = Requests(1);
        p.Manager.Deploy(Grouped(requests), RecordingContinuum.View(World, Cam));
        var deployment = p.Monitor.Deployments.Single();
        p.Continuum.Now = 2;
        p.Continuum.Launched.Single().Ready();
        p.Continuum.Inferences.Single().Job.TaskDone(0, 2.05);

        p.Continuum.AdvanceTo(2 + Settings.IdleTimeoutS - 1);
        Assert.That(p.Monitor.Deployments, Has.Count.EqualTo(1), "still up for riders");
        Assert.That(SlotsUsed(p.Monitor), Is.EqualTo(deployment.Tiers.Count));
        p.Continuum.AdvanceTo(2 + Settings.IdleTimeoutS);
        Assert.That(p.Monitor.Deployments, Is.Empty);
        Assert.That(SlotsUsed(p.Monitor), Is.Zero);
        Assert.That(p.Log.Events.Last().Detail, Does.EndWith("(idle)"));
    }

    [Test]
    public void LosingATierOnItsPathLosesTheRunningRequestsAndReturnsTheWaitingOnes()
    {
        var p = Make(keepForRiders: true);
        var view = RecordingContinuum.View(World, Cam);
        var first = Requests(2);
        p.Manager.Deploy(Grouped(first), view);
        var deployment = p.Monitor.Deployments.Single();
        p.Continuum.Launched.Single().Ready();
        // A rider attached while its model is reconfiguring waits for it.
        deployment.State = DeploymentState.Reconfiguring;
        var rider = new RequestRecord(new Request(9, 0, "cam", "t", 0.6, 0.2));
        p.Manager.Attach(deployment, rider, Attachment.Hitchhiked, 0.05);

        var returned = p.Manager.LoseAcross(deployment.Tiers[0]);
        Assert.That(returned, Is.EqualTo(new[] { rider }));
        Assert.That(first.All(r => r.Cause == OutcomeCause.LostWithAgent && r.Outcome == RequestOutcome.Unserved));
        Assert.That(p.Monitor.Deployments, Is.Empty);
        Assert.That(SlotsUsed(p.Monitor), Is.Zero);
        Assert.That(p.Continuum.ShutDown.Single(), Is.SameAs(deployment));
    }

    [Test]
    public void AnAlgorithmWithoutEarlyExitsRefusesAPlanThatStopsEarly()
    {
        // The camera's requests accept the early exit (0.7 >= 0.6): T2C_MHE's planner takes it; an
        // algorithm declaring no early exits with that planner is refused, naming itself.
        var early = new AlgorithmSpec("NO_EARLY", MultiTask: true, Hitchhiking: true, EarlyExit: false, Reconfiguration: false,
            new T2CGreedyPlanner("T2C_MHE", ExitPointSelection.StrictestAccuracy));
        var p = Make(keepForRiders: true, early);
        var e = Assert.Throws<T2CSim.Core.UserInputException>(() => p.Manager.Deploy(Grouped(Requests(2)), RecordingContinuum.View(World, Cam)));
        Assert.That(e!.Message, Does.Contain("NO_EARLY declares no early exits"));
        Assert.That(p.Monitor.Deployments, Is.Empty, "nothing deployed");

        var final = early with { Planner = new T2CGreedyPlanner("T2C_MH", ExitPointSelection.FinalExit) };
        var q = Make(keepForRiders: true, final);
        Assert.That(q.Manager.Deploy(Grouped(Requests(2)), RecordingContinuum.View(World, Cam)), Is.Empty);
        Assert.That(q.Monitor.Deployments.Single().Plan.Tasks.Single().ExitIndex, Is.EqualTo(1), "the final exit");
    }

    [Test]
    public void AJobTheWorldGivesUpOrLosesEndsItsRunningRequestsWithTheCauseAndFreesTheModel()
    {
        var p = Make(keepForRiders: false);
        var requests = Requests(2);
        p.Manager.Deploy(Grouped(requests), RecordingContinuum.View(World, Cam));
        p.Continuum.Launched.Single().Ready();
        p.Continuum.Inferences.Single().Job.Fail("no result within the job deadline of 10 s");
        Assert.That(requests.Select(r => (r.Cause, r.Reason)), Is.All.EqualTo((OutcomeCause.GivenUp, "no result within the job deadline of 10 s")));
        Assert.That(p.Monitor.Deployments, Is.Empty, "nothing left to run: without hitchhiking the model goes");

        var q = Make(keepForRiders: false);
        var lost = Requests(2);
        q.Manager.Deploy(Grouped(lost), RecordingContinuum.View(World, Cam));
        q.Continuum.Launched.Single().Ready();
        var job = q.Continuum.Inferences.Single().Job;
        job.Lost();
        job.Fail("too late: already lost");
        Assert.That(lost.Select(r => r.Cause), Is.All.EqualTo(OutcomeCause.LostWithAgent), "counted once, as lost");
        Assert.That(T2CSim.Core.Metrics.OutcomeCounts.Of(lost).UnservedLost, Is.EqualTo(2));
    }
}
