namespace T2CSim.Tests.Core.Controller;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Kernel;
using T2CSim.Core.Planning;
using T2CSim.Core.Simulation;
using T2CSim.Tests.Core.Support;

/// <summary>The simulated world against pipeline times worked out by hand.</summary>
public class ExecutionModelTests
{
    // Thesis links: Bluetooth 1 Mbps / 1 ms, WiFi 24 Mbps / 3 ms, broadband 40 Mbps / 5 ms.
    private static Topology Thesis(double deviceEdgeBackgroundBps = 0) => new(
        [new TierSpec("device", 3, 1), new TierSpec("edge", 3, 1), new TierSpec("cloud", 7, 1)],
        [new LinkSpec("sensor_device", 1e6, 0.001, 0), new LinkSpec("device_edge", 24e6, 0.003, deviceEdgeBackgroundBps), new LinkSpec("edge_cloud", 40e6, 0.005, 0)]);

    private static LayerSpec Layer(int p, double d, double e, double c, long bytes, string? task = null) => new(p, $"l{p}", task, [d / 1000, e / 1000, c / 1000], bytes);

    /// <summary>One task: positions 1, 2 (stem), 3 (branch); an early exit after 1 and the final exit after 3.</summary>
    private static ModelSpec Chain() => new("chain", 2000, 2,
    [
        new TaskSpec("t",
            [Layer(1, 10, 5, 2, 6000), Layer(2, 20, 10, 4, 3000), Layer(3, 30, 15, 6, 400, "t")],
            [new ExitSpec("t", 0, "t.early", 1, [0.004, 0.002, 0.001], 8, 0.7), new ExitSpec("t", 1, "t.final", 3, [0.003, 0.0015, 0.0005], 8, 0.9)]),
    ]);

    private static (Simulation, SimulatedContinuum, Deployment) Deployed(Topology topology, ModelSpec model, PartitionPoints cuts, params (string Task, int Exit)[] tasks)
    {
        var sim = new Simulation(1);
        var world = new SimulatedContinuum(sim, topology, new SimulationOptions(0, [1, 1, 1], 0.5, 0.1));
        var plan = new ModelDeployment(model.Name, cuts, tasks.Select(t => new TaskAssignment(t.Task, t.Exit, 0.9, 0)).ToList(), [0, 1, 2], []);
        var deployment = new Deployment(0, model, plan, 0);
        world.Launch(deployment, () => { });
        sim.Run(1);
        return (sim, world, deployment);
    }

    private static InferenceJob Job(ModelSpec model, PartitionPoints cuts, double now, Dictionary<string, double> done, params (string Task, int Exit)[] tasks)
    {
        return new InferenceJob(Fixtures.TasksAt(model, tasks), cuts, now, [], (job, slot, at) => done[job.Tasks[slot].Task.Name] = at, (_, _, _) => { });
    }

    [Test]
    public void OneInferenceAcrossThreeTiersTakesTheHandComputedPipelineTime()
    {
        // Device runs 1, edge runs 2, cloud runs 3 and the final exit head:
        //   sensor link 2000 B * 8 / 1 Mbps = 16 ms + 1 ms                 = 17.0 ms
        //   device layer 1                                                  = 10.0 ms
        //   WiFi 6000 B * 8 / 24 Mbps = 2 ms + 3 ms                         =  5.0 ms
        //   edge layer 2                                                    = 10.0 ms
        //   broadband 3000 B * 8 / 40 Mbps = 0.6 ms + 5 ms                  =  5.6 ms
        //   cloud layer 3 + exit head = 6 + 0.5 ms                          =  6.5 ms
        //                                                           total  = 54.1 ms
        var model = Chain();
        var cuts = new PartitionPoints(1, 2);
        var (sim, world, deployment) = Deployed(Thesis(), model, cuts, ("t", 1));
        var done = new Dictionary<string, double>();
        world.Infer(deployment, Job(model, cuts, sim.Now, done, ("t", 1)));
        sim.Run(2);
        Assert.That(done["t"] - 1, Is.EqualTo(0.0541).Within(1e-9));
    }

    [Test]
    public void AnEarlyExitBeforeTheFirstCutEndsOnTheDevice()
    {
        // Sensor 17 ms + device layer 1 (10 ms) + early exit head on the device (4 ms) = 31 ms.
        var model = Chain();
        var cuts = new PartitionPoints(1, 2);
        var (sim, world, deployment) = Deployed(Thesis(), model, cuts, ("t", 0));
        var done = new Dictionary<string, double>();
        world.Infer(deployment, Job(model, cuts, sim.Now, done, ("t", 0)));
        sim.Run(2);
        Assert.That(done["t"] - 1, Is.EqualTo(0.031).Within(1e-9));
        Assert.That(world.BytesDelivered(1), Is.Zero, "nothing crosses the WiFi");
    }

    [Test]
    public void TwoConcurrentTransfersOnOneLinkEachTakeTwiceAsLong()
    {
        var sim = new Simulation(1);
        var link = new SimLink(sim, "l", 1e6, 0.001, 0);
        var alone = new List<double>();
        var together = new List<double>();
        link.Send(2000).AddCallback(_ => alone.Add(sim.Now));
        sim.Run(1);
        link.Send(2000).AddCallback(_ => together.Add(sim.Now - 1));
        link.Send(2000).AddCallback(_ => together.Add(sim.Now - 1));
        sim.Run(2);
        // Alone: 16 ms + 1 ms. Together: each gets 0.5 Mbps, 32 ms + 1 ms.
        Assert.That(alone.Single(), Is.EqualTo(0.017).Within(1e-9));
        Assert.That(together, Has.Count.EqualTo(2));
        Assert.That(together, Has.All.EqualTo(0.033).Within(1e-9));
    }

    [Test]
    public void ATransferStartedLaterSharesOnlyWhileBothRun()
    {
        // 4000 B alone would take 32 ms. A second 1000 B transfer joins at 8 ms: from then on each
        // gets 0.5 Mbps. The short one needs 16 ms more (ends at 24 ms); by then the long one has
        // 4000 - 1000 - 1000 = 2000 B left, alone again: 16 ms more, so it ends at 40 ms.
        var sim = new Simulation(1);
        var link = new SimLink(sim, "l", 1e6, 0, 0);
        double longDone = 0, shortDone = 0;
        link.Send(4000).AddCallback(_ => longDone = sim.Now);
        sim.Schedule(0.008, () => link.Send(1000).AddCallback(_ => shortDone = sim.Now));
        sim.Run(1);
        Assert.That(shortDone, Is.EqualTo(0.024).Within(1e-9));
        Assert.That(longDone, Is.EqualTo(0.040).Within(1e-9));
    }

    [Test]
    public void BackgroundTrafficLeavesOnlyTheRestOfTheCapacity()
    {
        // 24 Mbps with 16 Mbps of background leaves 8 Mbps: 6000 B take 6 ms, plus 3 ms propagation.
        var sim = new Simulation(1);
        var link = new SimLink(sim, "wifi", 24e6, 0.003, 16e6);
        double done = 0;
        link.Send(6000).AddCallback(_ => done = sim.Now);
        sim.Run(1);
        Assert.That(done, Is.EqualTo(0.009).Within(1e-9));
        Assert.That(link.MeasuredThroughputBps(5), Is.EqualTo(16e6 + 6000 * 8 / 5.0).Within(1e-6));
    }

    [Test]
    public void TasksStartedTogetherShareTheStem()
    {
        // Two tasks on the device only: stem 10 ms once, then x's branch 10 ms (+0 exit), then y's 10 ms.
        var stem = Layer(1, 10, 5, 1, 1000);
        var model = new ModelSpec("duo", 2000, 1,
        [
            new TaskSpec("x", [stem, Layer(2, 10, 5, 1, 100, "x")], [new ExitSpec("x", 0, "x.final", 2, [0, 0, 0], 8, 0.9)]),
            new TaskSpec("y", [stem, Layer(2, 10, 5, 1, 100, "y")], [new ExitSpec("y", 0, "y.final", 2, [0, 0, 0], 8, 0.9)]),
        ]);
        var cuts = new PartitionPoints(2, 2);
        var (sim, world, deployment) = Deployed(Thesis(), model, cuts, ("x", 0), ("y", 0));
        var done = new Dictionary<string, double>();
        world.Infer(deployment, Job(model, cuts, sim.Now, done, ("x", 0), ("y", 0)));
        sim.Run(2);
        // Sensor 17 ms; then 10 (stem) + 10 (x) = 37 ms for x; + 10 (y) = 47 ms for y. Alone, y would
        // need its own stem: two separate jobs would cost 20 ms of stem instead of 10.
        Assert.That(done["x"] - 1, Is.EqualTo(0.037).Within(1e-9));
        Assert.That(done["y"] - 1, Is.EqualTo(0.047).Within(1e-9));
    }

    [Test]
    public void APartitionRunsOneInferenceAtATime()
    {
        // Two jobs on the same all-device deployment: both frames cross the Bluetooth link together
        // (33 ms each), then the second waits for the first's 10 + 20 + 30 + 3 = 63 ms of compute.
        var model = Chain();
        var cuts = new PartitionPoints(3, 3);
        var (sim, world, deployment) = Deployed(Thesis(), model, cuts, ("t", 1));
        var first = new Dictionary<string, double>();
        var second = new Dictionary<string, double>();
        world.Infer(deployment, Job(model, cuts, sim.Now, first, ("t", 1)));
        world.Infer(deployment, Job(model, cuts, sim.Now, second, ("t", 1)));
        sim.Run(2);
        Assert.That(first["t"] - 1, Is.EqualTo(0.033 + 0.063).Within(1e-9));
        Assert.That(second["t"] - 1, Is.EqualTo(0.033 + 0.063 * 2).Within(1e-9));
    }
    [Test]
    public void EachModelHasItsOwnSensorLink()
    {
        // Two models started together: each frame crosses its own 1 Mbps Bluetooth link in 16 + 1 ms,
        // where two frames of one model share one link (see APartitionRunsOneInferenceAtATime).
        var (done, world) = TwoModelsStartedTogetherAt1S(Thesis());
        // Sensor 17 ms + layer 1 on the device 10 ms + early exit head 4 ms = 31 ms; the device has one
        // core, so the second model's layer waits for the first's 14 ms of compute: 45 ms.
        Assert.That(done["chain"] - 1, Is.EqualTo(0.031).Within(1e-9));
        Assert.That(done["other"] - 1, Is.EqualTo(0.045).Within(1e-9));
        Assert.That(world.BytesDelivered(0), Is.EqualTo(4000));
    }

    [Test]
    public void ASharedSensorLinkCarriesEveryModelsFrame()
    {
        // topology.shared_sensor_link: the two 2000 B frames share the one 1 Mbps link (processor
        // sharing): both arrive after 2 * 16 ms + 1 ms = 33 ms, against 17 ms each on their own links.
        // Then the device's one core: 33 + 14 = 47 ms for the first, 47 + 14 = 61 ms for the second.
        var (done, world) = TwoModelsStartedTogetherAt1S(new Topology(Thesis().Tiers, Thesis().Links) { SharedSensorLink = true });
        Assert.That(done.Values.Select(t => t - 1).Order(), Is.EqualTo(new[] { 0.047, 0.061 }).Within(1e-9));
        Assert.That(world.BytesDelivered(0), Is.EqualTo(4000));
    }

    /// <summary>Models "chain" and "other" (2000 B frames), deployed at (1, 1) with the early exit, one inference each at 1 s; completion times by model.</summary>
    private static (Dictionary<string, double> Done, SimulatedContinuum World) TwoModelsStartedTogetherAt1S(Topology topology)
    {
        var a = Chain();
        var b = new ModelSpec("other", 2000, 2, a.Tasks);
        var sim = new Simulation(1);
        var world = new SimulatedContinuum(sim, topology, new SimulationOptions(0, [1, 1, 1], 0.5, 0.1));
        var cuts = new PartitionPoints(1, 1);
        var done = new Dictionary<string, double>();
        var deployments = new[] { a, b }.Select((model, id) =>
            new Deployment(id, model, new ModelDeployment(model.Name, cuts, [new TaskAssignment("t", 0, 0.7, 0)], [0], []), 0)).ToList();
        foreach (var d in deployments) world.Launch(d, () => { });
        sim.Run(1);
        foreach (var d in deployments)
        {
            var task = d.Model.Tasks[0];
            var name = d.Model.Name;
            world.Infer(d, new InferenceJob([(task, task.Exits[0])], cuts, sim.Now, [], (_, _, at) => done[name] = at, (_, _, _) => { }));
        }
        sim.Run(2);
        return (done, world);
    }
}
