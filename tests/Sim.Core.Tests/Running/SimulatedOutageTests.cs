namespace T2CSim.Tests.Core.Running;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Kernel;
using T2CSim.Core.Planning;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;
using T2CSim.Tests.Core.Support;

/// <summary>
/// The simulated world's side of an outage, without a controller: a job cut off is dropped where it
/// is, releases what it holds, reports its loss, and the world tells its listener.
/// </summary>
public sealed class SimulatedOutageTests
{
    private sealed class Listener : IContinuumListener
    {
        public List<string> Heard { get; } = [];
        public void TierLost(int tier) => Heard.Add($"lost {tier}");
        public void TierRestored(int tier) => Heard.Add($"restored {tier}");
    }

    /// <summary>
    /// Duo's task b to its final exit at (1, 3) on the fixture's links, no noise, started at 1 s:
    /// sensor link 1000 B at 1 Mbps + 1 ms (9 ms), device stem1 10 ms (to 1.019 s), device-edge 4000 B
    /// at 20 Mbps free + 3 ms (4.6 ms, to 1.0236 s), edge stem2 + b.conv 8 + 16 ms (to 1.0476 s),
    /// edge-cloud 1500 B at 40 Mbps + 5 ms (5.3 ms), cloud b.fc + exit 5.5 ms: 58.4 ms in all.
    /// </summary>
    private static (Simulation Sim, SimulatedContinuum World, Deployment Deployment, Listener Listener) Deployed()
    {
        var topology = Fixtures.DuoTopology();
        var model = Fixtures.Duo(topology);
        var sim = new Simulation(1);
        var world = new SimulatedContinuum(sim, topology, new SimulationOptions(0, [1, 1, 1], 0.5, 0.1));
        var listener = new Listener();
        world.Listener = listener;
        var plan = new ModelDeployment(model.Name, new PartitionPoints(1, 3), [new TaskAssignment("b", 1, 0.9, 0)], [0, 1, 2], []);
        var deployment = new Deployment(0, model, plan, 0);
        world.Launch(deployment, () => { });
        sim.Run(1);
        return (sim, world, deployment, listener);
    }

    private sealed record JobLog(List<string> Lines)
    {
        public InferenceJob Start(SimulatedContinuum world, Deployment d, double now)
        {
            var task = d.Model.Task("b");
            var job = new InferenceJob([(task, task.Exits[1])], d.Plan.Partition, now, [],
                (_, slot, at) => Lines.Add($"done {slot} at {at:0.0000}"), (tier, _, _) => Lines.Add($"stage {tier}"));
            job.OnFailed = (_, cause, reason) => Lines.Add($"failed: {OutcomeText.Reason(cause, reason)}");
            world.Infer(d, job);
            return job;
        }
    }

    [Test]
    public void A_job_computing_behind_the_cut_is_dropped_and_frees_its_partition()
    {
        var (sim, world, deployment, listener) = Deployed();
        var first = new JobLog([]);
        first.Start(world, deployment, sim.Now);
        var cloudDown = new Outage(1.03, OutageTarget.Tier, "cloud", 2, 1);
        sim.Schedule(0.03, () => world.TakeDown(cloudDown));
        sim.Run(1.5);
        // Cut at 1.03 s while the edge computes: the device's stage is done, the rest never happens.
        Assert.That(first.Lines, Is.EqualTo(new[] { "stage 0", "failed: lost with its agent" }));
        Assert.That(listener.Heard, Is.EqualTo(new[] { "lost 2" }));

        world.BringUp(cloudDown);
        Assert.That(listener.Heard, Is.EqualTo(new[] { "lost 2", "restored 2" }));
        // The partitions (one inference at a time) were released: a job started at 1.5 s runs through in 58.4 ms.
        var second = new JobLog([]);
        second.Start(world, deployment, sim.Now);
        sim.Run(2);
        Assert.That(second.Lines, Is.EqualTo(new[] { "stage 0", "stage 1", "done 0 at 1.5584", "stage 2" }));
    }

    [Test]
    public void A_job_whose_path_ends_before_the_cut_is_untouched()
    {
        var (sim, world, deployment, listener) = Deployed();
        var job = new JobLog([]);
        var task = deployment.Model.Task("b");
        // Task b's early exit reads position 2: the job ends on the edge, the cloud's loss does not reach it.
        var early = new InferenceJob([(task, task.Exits[0])], deployment.Plan.Partition, sim.Now, [],
            (_, slot, at) => job.Lines.Add($"done {slot}"), (tier, _, _) => job.Lines.Add($"stage {tier}"));
        early.OnFailed = (_, cause, reason) => job.Lines.Add($"failed: {OutcomeText.Reason(cause, reason)}");
        world.Infer(deployment, early);
        sim.Schedule(0.03, () => world.TakeDown(new Outage(1.03, OutageTarget.Tier, "cloud", 2, null)));
        sim.Run(1.5);
        Assert.That(job.Lines, Is.EqualTo(new[] { "stage 0", "done 0", "stage 1" }));
    }

    [Test]
    public void Overlapping_outages_restore_a_tier_once_the_last_ends()
    {
        var (_, world, _, listener) = Deployed();
        var tier = new Outage(0, OutageTarget.Tier, "cloud", 2, 5);
        var link = new Outage(0, OutageTarget.Link, "edge_cloud", 2, 8);
        world.TakeDown(tier);
        world.TakeDown(link);
        world.BringUp(tier);
        Assert.That(listener.Heard, Is.EqualTo(new[] { "lost 2" }), "the link still cuts the cloud off");
        world.BringUp(link);
        Assert.That(listener.Heard, Is.EqualTo(new[] { "lost 2", "restored 2" }));
    }
}
