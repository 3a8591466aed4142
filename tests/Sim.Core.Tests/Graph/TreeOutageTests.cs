namespace T2CSim.Tests.Core.Graph;

using T2CSim.Core;
using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Kernel;
using T2CSim.Core.Planning;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;
using T2CSim.Tests.Core.Planning;

/// <summary>
/// Outages on a tree (docs/topology.md, "Outages on a tree"): a node or link cuts only the device
/// paths through it. Two edges under one cloud, one device under each; times worked out by hand.
/// </summary>
public class TreeOutageTests
{
    // Nodes: 0 cloud, 1 edge-a, 2 edge-b, 3 device a (under edge-a), 4 device b (under edge-b).
    // Links: 0/1 sensors of a/b (1 Mbps, 1 ms), 2 a_up, 3 b_up (24 Mbps, 3 ms), 4 edge-a_up, 5 edge-b_up (40 Mbps, 5 ms).
    internal static Topology TwoEdges(int deviceSlots = 3, int edgeSlots = 3, int cloudSlots = 7) => Topology.Tree(
        [
            new TierSpec("cloud", cloudSlots, 2) { Class = "cloud" },
            new TierSpec("edge-a", edgeSlots, 1) { Class = "edge", Parent = 0 },
            new TierSpec("edge-b", edgeSlots, 1) { Class = "edge", Parent = 0 },
            new TierSpec("a", deviceSlots, 1) { Class = "device", Parent = 1 },
            new TierSpec("b", deviceSlots, 1) { Class = "device", Parent = 2 },
        ],
        [
            new LinkSpec("sensor_a", 1e6, 0.001, 0) { Child = -1, Parent = 3 },
            new LinkSpec("sensor_b", 1e6, 0.001, 0) { Child = -1, Parent = 4 },
            new LinkSpec("a_up", 24e6, 0.003, 0) { Child = 3, Parent = 1 },
            new LinkSpec("b_up", 24e6, 0.003, 0) { Child = 4, Parent = 2 },
            new LinkSpec("edge-a_up", 40e6, 0.005, 0) { Child = 1, Parent = 0 },
            new LinkSpec("edge-b_up", 40e6, 0.005, 0) { Child = 2, Parent = 0 },
        ]);

    private sealed class Listener : IContinuumListener
    {
        public List<string> Heard { get; } = [];
        public void TierLost(int tier) => Heard.Add($"lost node {tier}");
        public void TierRestored(int tier) => Heard.Add($"restored node {tier}");
        public void LinkLost(int link) => Heard.Add($"lost link {link}");
        public void LinkRestored(int link) => Heard.Add($"restored link {link}");
    }

    private static LayerSpec Layer(int p, double d, double e, double c, long bytes, string? task = null) => new(p, $"l{p}", task, [d / 1000, e / 1000, c / 1000], bytes);

    /// <summary>Input 2000 B; one task, layer 1 (10/5/2 ms) and an early exit after it (4/2/1 ms).</summary>
    private static ModelSpec Model() => new("m", 2000, 1,
    [
        new TaskSpec("t", [Layer(1, 10, 5, 2, 6000), Layer(2, 20, 10, 4, 3000, "t")],
            [new ExitSpec("t", 0, "t.early", 1, [0.004, 0.002, 0.001], 8, 0.7), new ExitSpec("t", 1, "t.final", 2, [0.003, 0.0015, 0.0005], 8, 0.9)]),
    ]);

    /// <summary>
    /// Everything on the cloud (cuts (0,0)), early exit; an inference of each device started together at 1 s:
    ///   own sensor link 2000 B * 8 / 1 Mbps = 16 ms + 1 ms                 = 17.0    ms
    ///   own link to its edge 2000 B * 8 / 24 Mbps = 0.6667 ms + 3 ms      =  3.6667 ms
    ///   its edge's own link to the cloud 2000 B * 8 / 40 Mbps = 0.4 + 5 ms =  5.4    ms
    ///   cloud (2 cores, one each) layer 1 + early exit = 2 + 1 ms          =  3.0    ms
    ///                                                               each   = 29.0667 ms
    /// </summary>
    private const double AllOnTheCloudMs = 17 + 2 / 3.0 + 3 + 0.4 + 5 + 3;

    private static (Simulation Sim, SimulatedContinuum World, Deployment[] Deployments, Listener Listener) Deployed(Topology topology)
    {
        var template = Model();
        var models = new[] { template.At("m@a", topology.Paths[0]), template.At("m@b", topology.Paths[1]) };
        var sim = new Simulation(1);
        var world = new SimulatedContinuum(sim, topology, new SimulationOptions(0, [1, 1, 1], 0.5, 0.1));
        var listener = new Listener();
        world.Listener = listener;
        var cuts = new PartitionPoints(0, 0);
        var deployments = models.Select((m, id) => new Deployment(id, m, new ModelDeployment(m.Name, cuts, [new TaskAssignment("t", 0, 0.7, 0)], [0, 1, 2], []), 0)).ToArray();
        foreach (var d in deployments) world.Launch(d, () => { });
        sim.Run(1);
        return (sim, world, deployments, listener);
    }

    /// <summary>One inference per deployment started now: what each device's job did (ms after `startS` when done).</summary>
    private static Dictionary<string, string> InferEach(Simulation sim, SimulatedContinuum world, Deployment[] deployments)
    {
        double startS = sim.Now;
        var heard = new Dictionary<string, string>();
        foreach (var d in deployments)
        {
            var task = d.Model.Tasks[0];
            string name = d.Model.Name;
            var job = new InferenceJob([(task, task.Exits[0])], d.Plan.Partition, sim.Now, [], (_, _, at) => heard[name] = $"done at {(at - startS) * 1000:0.0000} ms", (_, _, _) => { });
            job.OnFailed = (_, cause, reason) => heard[name] = OutcomeText.Reason(cause, reason);
            world.Infer(d, job);
        }
        return heard;
    }

    [Test]
    public void AnEdgeDownDropsOnlyItsDevicesJobs()
    {
        var (sim, world, deployments, listener) = Deployed(TwoEdges());
        var edgeA = new Outage(1.01, OutageTarget.Tier, "edge-a", 1, 1);
        var heard = InferEach(sim, world, deployments);
        // Edge a down at 1.010 s, while both frames cross their sensor links (to 1.017 s): a's job is cut
        // when its frame arrives; b's path (b, edge-b, cloud) does not hold edge-a and runs through.
        sim.Schedule(0.01, () => world.TakeDown(edgeA));
        sim.Run(1.5);
        Assert.That(heard["m@a"], Is.EqualTo("lost with its agent"));
        Assert.That(heard["m@b"], Is.EqualTo($"done at {AllOnTheCloudMs:0.0000} ms"));
        Assert.That(listener.Heard, Is.EqualTo(new[] { "lost node 1" }));

        // Back up: a's path reaches the cloud again and both take the hand-computed 29.0667 ms.
        world.BringUp(edgeA);
        heard = InferEach(sim, world, deployments);
        sim.Run(2);
        Assert.That(heard.Values, Is.EqualTo(new[] { $"done at {AllOnTheCloudMs:0.0000} ms", $"done at {AllOnTheCloudMs:0.0000} ms" }));
        Assert.That(listener.Heard, Is.EqualTo(new[] { "lost node 1", "restored node 1" }));
    }

    [Test]
    public void ASensorLinkDownCutsOnlyItsDevice()
    {
        var (sim, world, deployments, listener) = Deployed(TwoEdges());
        // Link 1 is b's sensor link: down at 1.005 s, in the middle of b's frame.
        var sensorB = new Outage(1.005, OutageTarget.Link, "sensor_b", 1, 0.5);
        var heard = InferEach(sim, world, deployments);
        sim.Schedule(0.005, () => world.TakeDown(sensorB));
        sim.Run(1.5);
        Assert.That(heard["m@a"], Is.EqualTo($"done at {AllOnTheCloudMs:0.0000} ms"));
        Assert.That(heard["m@b"], Is.EqualTo("lost with its agent"));
        Assert.That(listener.Heard, Is.EqualTo(new[] { "lost link 1" }));
        world.BringUp(sensorB);
        Assert.That(listener.Heard, Is.EqualTo(new[] { "lost link 1", "restored link 1" }));
    }

    [Test]
    public void AnEdgeUplinkDownCutsItsDevicesFromTheCloudButNotFromTheEdge()
    {
        var (sim, world, deployments, listener) = Deployed(TwoEdges());
        // Link 4 (edge-a to the cloud) down for good at 1.010 s: a's job crosses it, b's does not.
        var heard = InferEach(sim, world, deployments);
        sim.Schedule(0.01, () => world.TakeDown(new Outage(1.01, OutageTarget.Link, "edge-a_up", 4, null)));
        sim.Run(1.5);
        Assert.That(heard["m@a"], Is.EqualTo("lost with its agent"));
        Assert.That(heard["m@b"], Is.EqualTo($"done at {AllOnTheCloudMs:0.0000} ms"));
        Assert.That(listener.Heard, Is.EqualTo(new[] { "lost link 4" }));
    }

    [Test]
    public void PlannersSeeNoSlotPastTheFirstCutOfAPath()
    {
        // TwoLayer (TestModels), one request of each device that any placement serves. Edge a lost, or
        // a's link to it: a's instance can only use its device (tier 0); a's sensor link lost: a gets
        // nothing. b's path holds none of them: b is planned as with nothing lost.
        var topology = TwoEdges();
        var template = TestModels.TwoLayer("m");
        var models = new[] { template.At("m@a", topology.Paths[0]), template.At("m@b", topology.Paths[1]) };
        var requests = new[] { TestModels.Request(0, "m@a", "t", 0.5, 1000), TestModels.Request(1, "m@b", "t", 0.5, 1000) };
        var whole = TestModels.Context(topology, models, requests);
        foreach (var (lose, aTiers) in new (Action<PathReach>, int[]?)[] { (r => r.SetNode(1, true), [0]), (r => r.SetLink(2, true), [0]), (r => r.SetLink(0, true), null) })
        {
            var reach = new PathReach(topology);
            lose(reach);
            foreach (var planner in new IDeploymentPlanner[] { new T2CGreedyPlanner("T2C_MHE", ExitPointSelection.StrictestAccuracy), new NeurosurgeonPlanner(), new EdgentPlanner() })
            {
                var plan = planner.Plan(whole with { Reach = reach });
                var a = plan.Deployments.SingleOrDefault(d => d.Model == "m@a");
                var b = plan.Deployments.Single(d => d.Model == "m@b");
                var bWhole = planner.Plan(whole).Deployments.Single(d => d.Model == "m@b");
                Assert.That(a?.TiersUsed.ToArray(), Is.EqualTo(aTiers), $"{planner.Name}: a keeps to what it reaches");
                Assert.That((b.Partition, b.TiersUsed.ToArray()), Is.EqualTo((bWhole.Partition, bWhole.TiersUsed.ToArray())), $"{planner.Name}: b as with nothing lost");
            }
        }
        var none = new PathReach(topology);
        Assert.That(topology.Paths.Select(none.FirstCut), Is.EqualTo(new[] { 3, 3 }), "nothing lost: every path reaches its root");
        none.SetNode(0, true);
        Assert.That(topology.Paths.Select(none.FirstCut), Is.EqualTo(new[] { 2, 2 }), "the cloud lost: both paths end at their edge");
    }

    private static readonly string TwoEdgeScenario = ProjectPaths.InRoot("scenarios", "graph-two-edges-outage.yaml");

    /// <summary>What each request of `device`'s instance ended as: (id, cause, partition, start, latency).</summary>
    private static List<(int, OutcomeCause, string, double, double)> Outcomes(ExperimentResult run, string device) =>
        run.Log.Requests.Where(r => r.Request.Model == "sg-lite@" + device)
            .Select(r => (r.Request.Id, r.Cause, r.Partition, r.StartedS, r.LatencyS)).ToList();

    [TestCase("T2C_MHE")]
    [TestCase("NEU")]
    public void AnEdgeDownChangesNothingForTheOtherEdgesDevices(string algorithm)
    {
        // Edge a down 30..60 s. Devices have no slot, so every partition is on an edge or the cloud; the
        // cloud has cores and slots to spare and compute noise is off, so edge b's devices share nothing
        // with edge a's that the outage could change: their requests end exactly as without it.
        var withOutage = ScenarioLoader.Load(TwoEdgeScenario);
        var without = ScenarioLoader.Load(TwoEdgeScenario, ["events=[]"]);
        var cut = Experiment.Run(withOutage, algorithm);
        var whole = Experiment.Run(without, algorithm);
        foreach (var device in new[] { "b1", "b2" })
        {
            Assert.That(Outcomes(cut, device), Is.Not.Empty);
            Assert.That(Outcomes(cut, device), Is.EqualTo(Outcomes(whole, device)), $"{algorithm}: {device} is not under edge a");
        }
        Assert.That(Outcomes(cut, "a1").Concat(Outcomes(cut, "a2")), Is.Not.EqualTo(Outcomes(whole, "a1").Concat(Outcomes(whole, "a2"))), "edge a's devices are affected");

        // Nothing of edge a's devices starts while the edge is down: a's paths hold no slot from the
        // edge on and the devices have none. A request arriving then starts at the earliest when the
        // edge is back (60 s) and a deployment made then is ready (deployment_time_s 2): 62 s.
        var during = cut.Log.Requests.Where(r => r.Request.Model is "sg-lite@a1" or "sg-lite@a2" && r.Request.ArrivalS is >= 30 and < 60 && r.Ran).ToList();
        Assert.That(during, Is.Not.Empty, "some of them wait and run after the outage");
        foreach (var r in during)
            Assert.That(r.StartedS, Is.GreaterThanOrEqualTo(62 - 1e-9), $"request {r.Request.Id}");
        Assert.That(cut.Log.Events.Select(e => (e.Kind, e.Detail)), Does.Contain(("tier-lost", "edge-a")).And.Contain(("tier-restored", "edge-a")));
        ConservedPerDevice(withOutage, cut);
    }

    [Test]
    public void ASensorLinkDownInAScenarioCutsOnlyItsDevice()
    {
        // a1's sensor link down 30..60 s (T2C_MHE): b1 and b2, under the other edge, end exactly as without it.
        var withOutage = ScenarioLoader.Load(TwoEdgeScenario, ["events=[{at_s: 30, kind: link_down, link: sensor_a1, for_s: 30}]"]);
        var cut = Experiment.Run(withOutage, "T2C_MHE");
        var whole = Experiment.Run(ScenarioLoader.Load(TwoEdgeScenario, ["events=[]"]), "T2C_MHE");
        foreach (var device in new[] { "b1", "b2" })
            Assert.That(Outcomes(cut, device), Is.EqualTo(Outcomes(whole, device)), device);
        var during = cut.Log.Requests.Where(r => r.Request.Model == "sg-lite@a1" && r.Request.ArrivalS is >= 30 and < 60 && r.Ran).ToList();
        Assert.That(during, Is.Not.Empty);
        foreach (var r in during)
            Assert.That(r.StartedS, Is.GreaterThanOrEqualTo(62 - 1e-9), $"request {r.Request.Id}");
        Assert.That(cut.Log.Events.Select(e => (e.Kind, e.Detail)), Does.Contain(("link-lost", "sensor_a1")).And.Contain(("link-restored", "sensor_a1")));
        ConservedPerDevice(withOutage, cut);
    }

    /// <summary>Per device: every generated request is logged once and ends in exactly one outcome (arrived = served + missed + unserved).</summary>
    private static void ConservedPerDevice(Scenario scenario, ExperimentResult run)
    {
        var generated = new T2CSim.Core.Workload.RequestGenerator(scenario.Workload, scenario.Streams(0)).Generate(scenario.DurationS)
            .GroupBy(r => r.Model).ToDictionary(g => g.Key, g => g.Count());
        var logged = run.Log.Requests.GroupBy(r => r.Request.Model).ToDictionary(g => g.Key, g => g.ToList());
        Assert.That(logged.Keys, Is.EquivalentTo(generated.Keys));
        foreach (var (model, records) in logged)
        {
            Assert.That(records, Has.Count.EqualTo(generated[model]), model);
            int served = records.Count(r => r.Outcome == RequestOutcome.Served), missed = records.Count(r => r.Outcome == RequestOutcome.Missed),
                unserved = records.Count(r => r.Outcome == RequestOutcome.Unserved);
            Assert.That(served + missed + unserved, Is.EqualTo(generated[model]), model);
        }
        Assert.That(run.Summary.Served + run.Summary.Missed + run.Summary.Unserved, Is.EqualTo(run.Summary.Arrived));
    }

    private static string Refused(params string[] overrides)
    {
        var e = Assert.Throws<UserInputException>(() => ScenarioLoader.Load(TwoEdgeScenario, overrides))!;
        Assert.That(e.Message, Does.Not.Contain('\n'), "one line");
        Assert.That(e.Message, Does.StartWith(TwoEdgeScenario + ": "), "names the scenario file");
        return e.Message[(TwoEdgeScenario.Length + 2)..];
    }

    [Test]
    public void AnOutageOfAnUnknownNodeOrLinkIsRefused()
    {
        Assert.That(Refused("events=[{at_s: 5, kind: tier_down, node: edge-c}]"),
            Is.EqualTo("events.0.node: no node named 'edge-c' (nodes: cloud, edge-a, edge-b, a1, a2, b1, b2)"));
        Assert.That(Refused("events=[{at_s: 5, kind: tier_down, tier: edge}]"),
            Is.EqualTo("events.0.tier: no node named 'edge' (nodes: cloud, edge-a, edge-b, a1, a2, b1, b2)"));
        Assert.That(Refused("events=[{at_s: 5, kind: link_down, link: sensor_c1}]"),
            Does.StartWith("events.0.link: no link named 'sensor_c1' (links: "));
        Assert.That(Refused("events=[{at_s: 5, kind: tier_down, node: a1, tier: a1}]"), Is.EqualTo("events.0.node: name the node once (node or tier)"));
        Assert.That(Refused("events=[{at_s: 5, kind: link_down, link: a1_up, node: a1}]"), Does.StartWith("events.0.node: a link_down event does not take it"));
    }
}
