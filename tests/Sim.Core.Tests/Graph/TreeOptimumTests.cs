namespace T2CSim.Tests.Core.Graph;

using T2CSim.Core;
using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using T2CSim.Core.Prediction;
using T2CSim.Tests.Core.Planning;

/// <summary>
/// T2C_OPT on instances of several devices (docs/topology.md, "Planners on a graph"): the exact program
/// over the union of the paths, shared nodes counted once, against an exhaustive search written from
/// the problem statement; T2C greedy never beats it; too large an instance is refused in one line.
/// </summary>
public class TreeOptimumTests
{
    // Nodes: 0 cloud, 1 edge, 2 device a, 3 device b (the edge and the cloud are shared); the thesis's links.
    private static Topology TwoDevices(int[] slots) => Topology.Tree(
        [
            new TierSpec("cloud", slots[0], 4) { Class = "cloud" },
            new TierSpec("edge", slots[1], 2) { Class = "edge", Parent = 0 },
            new TierSpec("a", slots[2], 4) { Class = "device", Parent = 1 },
            new TierSpec("b", slots[3], 4) { Class = "device", Parent = 1 },
        ],
        [
            new LinkSpec("sensor_a", 1e6, 0.001, 0) { Child = -1, Parent = 2 },
            new LinkSpec("sensor_b", 1e6, 0.001, 0) { Child = -1, Parent = 3 },
            new LinkSpec("a_edge", 24e6, 0.003, 0) { Child = 2, Parent = 1 },
            new LinkSpec("b_edge", 24e6, 0.003, 0) { Child = 3, Parent = 1 },
            new LinkSpec("edge_cloud", 40e6, 0.005, 0) { Child = 1, Parent = 0 },
        ]);

    /// <summary>
    /// TestModels.Random(seed)'s models and requests moved onto two devices: each model has an instance
    /// on a and on b, the requests alternate between them; 0-2 slots per node from the seed.
    /// </summary>
    private static PlanningContext TwoDeviceInstance(int seed)
    {
        var chain = TestModels.Random(seed);
        var random = new T2CSim.Core.Randomness.RandomStreams(seed).Stream("test:tree-slots");
        var topology = TwoDevices([random.NextInt(3), random.NextInt(3), random.NextInt(3), random.NextInt(3)]);
        var models = chain.Predictor.Catalog.Models.SelectMany(m => new[] { m.At(m.Name + "@a", topology.Paths[0]), m.At(m.Name + "@b", topology.Paths[1]) }).ToList();
        var requests = chain.Requests.Select((r, i) => r with { Model = r.Model + (i % 2 == 0 ? "@a" : "@b") }).ToList();
        var predictor = new LatencyPredictor(topology, new ModelCatalog(models));
        return new PlanningContext(requests, topology.Nodes.Select(n => n.Slots).ToArray(),
            new LatencyPredictorView(predictor, NetworkState.FromTopology(topology), predictor.UnitTau()));
    }

    /// <summary>The optimum by exhaustive search: per instance the best count per set of nodes it occupies, then every combination within each node's slots.</summary>
    private static int BruteForce(PlanningContext context)
    {
        var view = context.Predictor;
        int tiers = view.TierCount;
        var groups = context.Requests.GroupBy(r => r.Model).Select(g => BestByNodes(view, g.ToList(), tiers)).ToList();
        return Search(groups, 0, context.FreeSlots.ToArray());
    }

    private static Dictionary<int, int> BestByNodes(LatencyPredictorView view, List<Request> requests, int tiers)
    {
        var model = view.Catalog[requests[0].Model];
        var path = view.Topology.PathOf(model);
        var tasks = requests.Select(r => r.Task).Distinct().Select(model.Task).ToList();
        var best = new Dictionary<int, int>();
        foreach (var cuts in PartitionPoints.All(tiers, tasks.Max(t => t.Depth)))
            foreach (var choice in Choices(tasks))
            {
                int served = 0, nodes = 0;
                for (int t = 0; t < tasks.Count; t++)
                {
                    if (choice[t] < 0) continue;
                    var exit = tasks[t].Exits[choice[t]];
                    double latency = view.Predict(model, tasks[t], exit, cuts);
                    served += requests.Count(r => r.Task == tasks[t].Name && exit.Accuracy >= r.MinAccuracy && latency <= r.MaxLatencyS);
                    for (int k = 0; k < tiers; k++)
                        if (cuts.Runs(k, exit.After)) nodes |= 1 << path.Nodes[k];
                }
                if (served > 0 && served > best.GetValueOrDefault(nodes)) best[nodes] = served;
            }
        return best;
    }

    private static IEnumerable<int[]> Choices(List<TaskSpec> tasks)
    {
        var choice = new int[tasks.Count];
        Array.Fill(choice, -1);
        while (true)
        {
            yield return (int[])choice.Clone();
            int t = 0;
            while (t < tasks.Count && ++choice[t] == tasks[t].Exits.Count) choice[t++] = -1;
            if (t == tasks.Count) yield break;
        }
    }

    private static int Search(List<Dictionary<int, int>> groups, int i, int[] free)
    {
        if (i == groups.Count) return 0;
        int best = Search(groups, i + 1, free);
        foreach (var (nodes, served) in groups[i])
        {
            bool fits = true;
            for (int n = 0; n < free.Length; n++)
                if ((nodes >> n & 1) != 0 && free[n] == 0) fits = false;
            if (!fits) continue;
            for (int n = 0; n < free.Length; n++) free[n] -= nodes >> n & 1;
            best = Math.Max(best, served + Search(groups, i + 1, free));
            for (int n = 0; n < free.Length; n++) free[n] += nodes >> n & 1;
        }
        return best;
    }

    [Test]
    public void TheOptimumOverTwoDevicesEqualsBruteForceAndGreedyNeverBeatsIt()
    {
        int strictlyWorse = 0, severalDevices = 0;
        for (int seed = 1; seed <= 60; seed++)
        {
            var context = TwoDeviceInstance(seed);
            var plan = new OptimalPlanner().Plan(context);
            // Each node's slots hold what the plan takes there (the shared edge and cloud counted once).
            Assert.That(plan.SlotsUsed.Zip(context.FreeSlots).All(p => p.First <= p.Second), $"seed {seed}: {string.Join("/", plan.SlotsUsed)} within {string.Join("/", context.FreeSlots)}");
            Assert.That(plan.PredictedServed, Is.EqualTo(BruteForce(context)), $"seed {seed}");
            int greedy = new T2CGreedyPlanner("T2C_MHE", ExitPointSelection.StrictestAccuracy).Plan(context).PredictedServed;
            Assert.That(greedy, Is.LessThanOrEqualTo(plan.PredictedServed), $"seed {seed}: greedy");
            if (greedy < plan.PredictedServed) strictlyWorse++;
            if (plan.Deployments.Select(d => d.Model[^1]).Distinct().Count() == 2) severalDevices++;
        }
        Assert.That(severalDevices, Is.GreaterThan(10), "plans that deploy on both devices");
        Assert.That(strictlyWorse, Is.GreaterThan(0), "instances where greedy is not optimal");
    }

    [Test]
    public void TooLargeAnInstanceIsRefusedInOneLine()
    {
        // 24 edges with one slot under a cloud with one slot, two devices (one slot each) per edge, one
        // instance per device. A device's slot has one user: never runs out, not in the state. Each edge
        // has 2 users for 1 slot and the cloud 48 for 1: 25 digits of 2 values, 2^25 = 33,554,432 states,
        // x 48 instances = 1.6 billion > SlotKnapsack.MaxCells (64,000,000).
        const int edges = 24;
        var nodes = new List<TierSpec> { new("cloud", 1, 4) { Class = "cloud" } };
        var links = new List<LinkSpec>();
        for (int e = 0; e < edges; e++)
        {
            nodes.Add(new TierSpec($"edge-{e}", 1, 2) { Class = "edge", Parent = 0 });
            links.Add(new LinkSpec($"edge-{e}_up", 40e6, 0.005, 0) { Child = nodes.Count - 1, Parent = 0 });
        }
        for (int e = 0; e < edges; e++)
            for (int d = 0; d < 2; d++)
            {
                nodes.Add(new TierSpec($"device-{e}-{d}", 1, 4) { Class = "device", Parent = 1 + e });
                links.Add(new LinkSpec($"device-{e}-{d}_up", 24e6, 0.003, 0) { Child = nodes.Count - 1, Parent = 1 + e });
                links.Add(new LinkSpec($"sensor_{e}_{d}", 1e6, 0.001, 0) { Child = -1, Parent = nodes.Count - 1 });
            }
        var topology = Topology.Tree(nodes, links);
        var template = TestModels.TwoLayer("m");
        var models = topology.Paths.Select(p => template.At($"m@{topology.Nodes[p.Device].Name}", p)).ToList();
        var requests = models.Select((m, i) => TestModels.Request(i, m.Name, "t", 0.5, 1000)).ToList();
        var context = TestModels.Context(topology, models, requests);
        var error = Assert.Throws<UserInputException>(() => new OptimalPlanner().Plan(context))!;
        Assert.That(error.Message, Does.Not.Contain('\n'));
        Assert.That(error.Message, Does.StartWith("algorithm T2C_OPT: instance too large for the exact planner: 48 instances on 48 devices need more than 64000000"));
        // The greedy plans it.
        Assert.That(new T2CGreedyPlanner("T2C_MHE", ExitPointSelection.StrictestAccuracy).Plan(context).PredictedServed, Is.GreaterThan(0));
    }
}
