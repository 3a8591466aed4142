namespace T2CSim.Tests.Core.Graph;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Kernel;
using T2CSim.Core.Metrics;
using T2CSim.Core.Planning;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;

/// <summary>Metrics and timelines per node class and link class (docs/topology.md, "Metrics per node class and link").</summary>
public class NodeClassUsageTests
{
    [Test]
    public void ClassesFollowTheFirstPathAndCountTheirNodesCoresAndSlots()
    {
        // TwoEdges: cloud (7 slots, 2 cores), edge-a/edge-b (3, 1 each), devices a/b (3, 1 each).
        var usage = new NodeClassUsage(TreeOutageTests.TwoEdges());
        Assert.That(usage.NodeClasses, Is.EqualTo(new[] { "device", "edge", "cloud" }));
        Assert.That(usage.LinkClasses, Is.EqualTo(new[] { "sensor", "device-edge", "edge-cloud" }));
        usage.Sample(0, _ => 0, _ => 0, _ => 0);
        Assert.That(usage.Summary().Select(f => (f.Class, f.Nodes, f.Cores, f.Slots)),
            Is.EqualTo(new[] { ("device", 2, 2, 6), ("edge", 2, 2, 6), ("cloud", 1, 2, 7) }));
    }

    [Test]
    public void SlotsBusyCoresAndLinkDataAreAveragedPerBinByHand()
    {
        // Nodes 0 cloud, 1 edge-a, 2 edge-b, 3 a, 4 b; links 0/1 sensors, 2/3 device-edge, 4/5 edge-cloud.
        // Samples at 0..9 s, the run ends at 10 s, bins of 5 s:
        //   slots: edge-a holds 1 from t = 2, edge-b 2 from t = 7 -> edge class 0,0,1,1,1 | 1,1,3,3,3
        //     bin 0 mean 3/5 = 0.6, peak 1; bin 1 mean 11/5 = 2.2, peak 3; run 14/10 = 1.4.
        //   cloud core-seconds grow 0.1 s per second from t = 5 -> bin 0: 0 busy; bin 1: 0.5 core-s / 5 s
        //     = 0.1 cores, utilisation 0.1 / 2 = 0.05; run 0.5 / 10 = 0.05 cores.
        //   sensor bytes: link 0 carries 1000 B per second -> 1000 * 8 / 1e6 = 0.008 Mbps in both bins.
        var usage = new NodeClassUsage(TreeOutageTests.TwoEdges());
        for (int t = 0; t < 10; t++)
        {
            int now = t;
            usage.Sample(now, n => n == 1 && now >= 2 ? 1 : n == 2 && now >= 7 ? 2 : 0, n => n == 0 ? Math.Max(0, now - 5) * 0.1 : 0, l => l == 0 ? 1000L * now : 0);
        }
        usage.Close(10, n => n == 0 ? 0.5 : 0, l => l == 0 ? 10_000 : 0);

        var bins = usage.Timeline(10).ToLookup(b => b.Figures.Class);
        Assert.That(bins["edge"].Select(b => (b.StartS, b.Figures.SlotsUsedMean, b.Figures.SlotsUsedPeak)), Is.EqualTo(new[] { (0.0, 0.6, 1), (5.0, 2.2, 3) }).Within(1e-12));
        Assert.That(bins["cloud"].Select(b => b.Figures.CoreUtilisation), Is.EqualTo(new[] { 0.0, 0.05 }).Within(1e-12));
        var run = usage.Summary().ToDictionary(f => f.Class);
        Assert.That((run["edge"].SlotsUsedMean, run["edge"].SlotsUsedPeak, run["edge"].SlotUtilisation), Is.EqualTo((1.4, 3, 1.4 / 6)).Within(1e-12));
        Assert.That(run["cloud"].BusyCoresMean, Is.EqualTo(0.05).Within(1e-12));
        var links = usage.LinkTimeline(10);
        Assert.That(links.Where(b => b.Class == "sensor").Select(b => (b.Links, b.Mbps)), Is.EqualTo(new[] { (2, 0.008), (2, 0.008) }).Within(1e-12));
        Assert.That(links.Where(b => b.Class != "sensor").Select(b => b.Mbps), Is.All.EqualTo(0));
    }

    [Test]
    public void TheWorldCountsTheCoreSecondsOfEachNode()
    {
        // TreeOutageTests' hand-computed case: one inference of each device, all on the cloud, early exit:
        // the cloud computes layer 1 + exit = 2 + 1 ms per job, 6 ms for both; edges and devices nothing.
        var topology = TreeOutageTests.TwoEdges();
        var template = new ModelSpec("m", 2000, 1,
        [
            new TaskSpec("t", [new LayerSpec(1, "l1", null, [0.010, 0.005, 0.002], 6000)], [new ExitSpec("t", 0, "t.early", 1, [0.004, 0.002, 0.001], 8, 0.7)]),
        ]);
        var sim = new Simulation(1);
        var world = new SimulatedContinuum(sim, topology, new SimulationOptions(0, [1, 1, 1], 0.5, 0.1));
        var cuts = new PartitionPoints(0, 0);
        var deployments = new[] { template.At("m@a", topology.Paths[0]), template.At("m@b", topology.Paths[1]) }
            .Select((m, id) => new Deployment(id, m, new ModelDeployment(m.Name, cuts, [new TaskAssignment("t", 0, 0.7, 0)], [0, 1, 2], []), 0)).ToArray();
        foreach (var d in deployments) world.Launch(d, () => { });
        sim.Run(1);
        foreach (var d in deployments)
        {
            var task = d.Model.Tasks[0];
            world.Infer(d, new InferenceJob([(task, task.Exits[0])], cuts, sim.Now, [], (_, _, _) => { }, (_, _, _) => { }));
        }
        sim.Run(2);
        Assert.That(Enumerable.Range(0, 5).Select(world.BusyCoreSeconds), Is.EqualTo(new[] { 0.006, 0, 0, 0, 0 }).Within(1e-12));
    }

    [Test]
    public void ARunsLinkClassTimelineCarriesEveryByteOfItsLinks()
    {
        // Conservation: the link-class bins together carry what the summary's per-link Mbps say
        // (Mbps x duration per link, summed per class); slots never exceed a class's slots.
        var s = ScenarioLoader.Load(T2CSim.Core.ProjectPaths.InRoot("scenarios", "graph-two-devices.yaml"), ["duration_s=60"]);
        var run = Experiment.Run(s, "T2C_MHE");
        var usage = run.Nodes!;
        var byClass = usage.LinkTimeline(s.DurationS).GroupBy(b => b.Class).ToDictionary(g => g.Key, g => g.Sum(b => b.Mbps * 5));
        for (int c = 0; c < usage.LinkClasses.Count; c++)
        {
            string cls = usage.LinkClasses[c];
            double expected = Enumerable.Range(0, s.Topology.Links.Count).Where(k => NodeClassUsage.LinkClass(s.Topology, k) == cls).Sum(k => run.Summary.LinkMbps[k] * s.DurationS);
            Assert.That(byClass[cls], Is.EqualTo(expected).Within(1e-9 + 1e-9 * expected), cls);
        }
        Assert.That(byClass["sensor"], Is.GreaterThan(0));
        foreach (var f in usage.Summary())
        {
            Assert.That(f.SlotsUsedPeak, Is.LessThanOrEqualTo(f.Slots), f.Class);
            Assert.That(f.BusyCoresMean, Is.InRange(0, f.Cores), f.Class);
        }
        Assert.That(usage.Summary().Sum(f => f.BusyCoresMean), Is.GreaterThan(0), "the continuum computed");
    }
}
