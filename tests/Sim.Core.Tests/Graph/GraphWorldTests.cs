namespace T2CSim.Tests.Core.Graph;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Kernel;
using T2CSim.Core.Planning;
using T2CSim.Core.Prediction;
using T2CSim.Core.Simulation;
using T2CSim.Tests.Core.Planning;

/// <summary>
/// Two devices under one edge and one cloud (docs/topology.md): each device has its own sensor and
/// link to the edge; the edge, its link to the cloud and the cloud are shared. Times worked out by hand.
/// </summary>
public class GraphWorldTests
{
    // Nodes: 0 cloud, 1 edge, 2 device a, 3 device b. Links: 0/1 sensors of a/b (1 Mbps, 1 ms),
    // 2 a->edge (24 Mbps, 3 ms), 3 b->edge (bMbps, 3 ms), 4 edge->cloud (40 Mbps, 5 ms).
    private static Topology TwoDevices(int edgeCores = 1, int cloudCores = 2, double bMbps = 24, int edgeSlots = 3, int deviceSlots = 3, int cloudSlots = 7) => Topology.Tree(
        [
            new TierSpec("cloud", cloudSlots, cloudCores) { Class = "cloud" },
            new TierSpec("edge", edgeSlots, edgeCores) { Class = "edge", Parent = 0 },
            new TierSpec("a", deviceSlots, 1) { Class = "device", Parent = 1 },
            new TierSpec("b", deviceSlots, 1) { Class = "device", Parent = 1 },
        ],
        [
            new LinkSpec("sensor_a", 1e6, 0.001, 0) { Child = -1, Parent = 2 },
            new LinkSpec("sensor_b", 1e6, 0.001, 0) { Child = -1, Parent = 3 },
            new LinkSpec("a_edge", 24e6, 0.003, 0) { Child = 2, Parent = 1 },
            new LinkSpec("b_edge", bMbps * 1e6, 0.003, 0) { Child = 3, Parent = 1 },
            new LinkSpec("edge_cloud", 40e6, 0.005, 0) { Child = 1, Parent = 0 },
        ]);

    private static LayerSpec Layer(int p, double d, double e, double c, long bytes, string? task = null) => new(p, $"l{p}", task, [d / 1000, e / 1000, c / 1000], bytes);

    /// <summary>One task, position 1 (10/5/2 ms, 6000 B) then 2; an early exit after 1 (4/2/1 ms) and the final after 2.</summary>
    private static ModelSpec Model() => new("m", 2000, 1,
    [
        new TaskSpec("t", [Layer(1, 10, 5, 2, 6000), Layer(2, 20, 10, 4, 3000, "t")],
            [new ExitSpec("t", 0, "t.early", 1, [0.004, 0.002, 0.001], 8, 0.7), new ExitSpec("t", 1, "t.final", 2, [0.003, 0.0015, 0.0005], 8, 0.9)]),
    ]);

    [Test]
    public void PathsRunFromEachDeviceToTheRoot()
    {
        var t = TwoDevices();
        Assert.That(t.IsChain, Is.False);
        Assert.That((t.TierCount, t.NodeCount, t.Devices), Is.EqualTo((3, 4, new[] { 2, 3 })));
        Assert.That(t.Paths.Select(p => (p.Nodes, p.Links)), Is.EqualTo(new[] { (new[] { 2, 1, 0 }, new[] { 0, 2, 4 }), (new[] { 3, 1, 0 }, new[] { 1, 3, 4 }) }));
        var chain = TestModels.Chain(1, 1, 1);
        Assert.That((chain.IsChain, chain.Paths.Single().IsIdentity), Is.EqualTo((true, true)), "the chain is the one-device identity path");
    }

    /// <summary>Both models deployed with `cuts`, one inference each started together at 1 s; completion times (ms after 1 s) by device.</summary>
    private static Dictionary<string, double> OneInferenceEach(Topology topology, PartitionPoints cuts, int exit)
    {
        var template = Model();
        var models = new[] { template.At("m@a", topology.Paths[0]), template.At("m@b", topology.Paths[1]) };
        var sim = new Simulation(1);
        var world = new SimulatedContinuum(sim, topology, new SimulationOptions(0, [1, 1, 1], 0.5, 0.1));
        var done = new Dictionary<string, double>();
        var deployments = models.Select((m, id) => new Deployment(id, m, new ModelDeployment(m.Name, cuts, [new TaskAssignment("t", exit, 0.7, 0)], [0, 1, 2], []), 0)).ToList();
        foreach (var d in deployments) world.Launch(d, () => { });
        sim.Run(1);
        foreach (var d in deployments)
        {
            var task = d.Model.Tasks[0];
            string name = d.Model.Name;
            world.Infer(d, new InferenceJob([(task, task.Exits[exit])], cuts, sim.Now, [], (_, _, at) => done[name] = (at - 1) * 1000, (_, _, _) => { }));
        }
        sim.Run(2);
        return done;
    }

    [Test]
    public void TwoDevicesShareTheEdgeLinkToTheCloudButNotTheirOwnLinks()
    {
        // Everything on the cloud (cuts (0,0)), early exit:
        //   own sensor link 2000 B * 8 / 1 Mbps = 16 ms + 1 ms                      = 17.0    ms
        //   own link to the edge 2000 B * 8 / 24 Mbps = 0.6667 ms + 3 ms (not shared) =  3.6667 ms
        //   edge -> cloud, shared: 2 x 2000 B * 8 / 40 Mbps = 0.8 ms (both end together) + 5 ms = 5.8 ms
        //   cloud (2 cores) layer 1 + early exit = 2 + 1 ms                          =  3.0    ms
        //                                                                    each    = 29.4667 ms
        var done = OneInferenceEach(TwoDevices(cloudCores: 2), new PartitionPoints(0, 0), exit: 0);
        Assert.That(done["m@a"], Is.EqualTo(17 + 2 / 3.0 + 3 + 0.8 + 5 + 3).Within(1e-9));
        Assert.That(done["m@b"], Is.EqualTo(done["m@a"]).Within(1e-9));
    }

    [Test]
    public void TwoDevicesQueueForTheSharedEdgesCore()
    {
        // Layer 1 and the early exit on the edge (cuts (0,1)); the edge has one core:
        //   sensor 17 ms + own link 3.6667 ms = 20.6667 ms at the edge, both at once;
        //   the first takes the core for 5 + 2 ms -> 27.6667 ms, the second waits for it -> 34.6667 ms.
        var done = OneInferenceEach(TwoDevices(edgeCores: 1), new PartitionPoints(0, 1), exit: 0);
        double arrive = 17 + 2 / 3.0 + 3;
        Assert.That(done.Values.Order(), Is.EqualTo(new[] { arrive + 7, arrive + 14 }).Within(1e-9));
    }

    [Test]
    public void EachDevicesPredictionReadsItsOwnLinks()
    {
        // The slides' formula with 0.9 (b - n), cuts (0,1), early exit on the edge:
        //   sensor 2000 B * 8 / 0.9 Mbps + 1 ms = 18.7778 ms; layer 1 + exit on the edge 5 + 2 = 7 ms;
        //   a: 2000 B * 8 / (0.9 * 24 Mbps) + 3 ms = 3.7407 ms -> 29.5185 ms
        //   b: 2000 B * 8 / (0.9 * 12 Mbps) + 3 ms = 4.4815 ms -> 30.2593 ms
        var topology = TwoDevices(bMbps: 12);
        var template = Model();
        var a = template.At("m@a", topology.Paths[0]);
        var b = template.At("m@b", topology.Paths[1]);
        var predictor = new LatencyPredictor(topology, new ModelCatalog([a, b]));
        var net = NetworkState.FromTopology(topology);
        var cuts = new PartitionPoints(0, 1);
        double sensor = 2000 * 8 / 0.9e6 + 0.001;
        double Predict(ModelSpec m) => predictor.Predict(m, m.Tasks[0], m.Tasks[0].Exits[0], cuts, net, predictor.UnitTau());
        Assert.That(Predict(a), Is.EqualTo(sensor + 2000 * 8 / (0.9 * 24e6) + 0.003 + 0.007).Within(1e-12));
        Assert.That(Predict(b), Is.EqualTo(sensor + 2000 * 8 / (0.9 * 12e6) + 0.003 + 0.007).Within(1e-12));
        Assert.That(a.Tasks, Is.SameAs(b.Tasks), "instances share one model's tasks");
    }

    [TestCase(1, 1)]
    [TestCase(2, 2)]
    public void ASharedEdgeSlotIsCountedOnceForBothDevices(int edgeSlots, int deployed)
    {
        // Devices and cloud have no slot: only the edge can host a partition. Each device's model has
        // one request any edge placement serves; the edge's slots bound how many instances deploy.
        var topology = TwoDevices(edgeSlots: edgeSlots, deviceSlots: 0, cloudSlots: 0);
        var template = TestModels.TwoLayer("m");
        var models = new[] { template.At("m@a", topology.Paths[0]), template.At("m@b", topology.Paths[1]) };
        var requests = new[] { TestModels.Request(0, "m@a", "t", 0.5, 1000), TestModels.Request(1, "m@b", "t", 0.5, 1000) };
        var context = TestModels.Context(topology, models, requests);
        foreach (var planner in new IDeploymentPlanner[] { new T2CGreedyPlanner("T2C_MHE", ExitPointSelection.StrictestAccuracy), new NeurosurgeonPlanner(), new EdgentPlanner() })
        {
            var plan = planner.Plan(context);
            Assert.That(plan.Deployments, Has.Count.EqualTo(deployed), planner.Name);
            Assert.That(plan.SlotsUsed, Is.EqualTo(new[] { 0, deployed, 0, 0 }), $"{planner.Name}: slots per node (cloud, edge, a, b)");
            Assert.That(plan.Deployments.All(d => d.TiersUsed.SequenceEqual([1])), planner.Name);
        }
    }

    [TestCase(1, 1)]
    [TestCase(2, 2)]
    public void TheExactPlannerCountsASharedEdgeSlotOnce(int edgeSlots, int deployed)
    {
        // As ASharedEdgeSlotIsCountedOnceForBothDevices, for T2C_OPT over both devices' paths
        // (TreeSlotKnapsack; docs/topology.md): only the edge has slots, one instance per slot.
        var topology = TwoDevices(edgeSlots: edgeSlots, deviceSlots: 0, cloudSlots: 0);
        var template = TestModels.TwoLayer("m");
        var models = new[] { template.At("m@a", topology.Paths[0]), template.At("m@b", topology.Paths[1]) };
        var context = TestModels.Context(topology, models, [TestModels.Request(0, "m@a", "t", 0.5, 1000), TestModels.Request(1, "m@b", "t", 0.5, 1000)]);
        var plan = new OptimalPlanner().Plan(context);
        Assert.That(plan.Deployments, Has.Count.EqualTo(deployed));
        Assert.That(plan.SlotsUsed, Is.EqualTo(new[] { 0, deployed, 0, 0 }), "slots per node (cloud, edge, a, b)");
        var one = TestModels.Context(topology, models, [TestModels.Request(0, "m@b", "t", 0.5, 1000)]);
        Assert.That(new OptimalPlanner().Plan(one).Deployments, Has.Count.EqualTo(1), "one device's instances: exact as in the chain");
    }
}
