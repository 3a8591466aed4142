namespace T2CSim.Tests.Core.Graph;

using T2CSim.Core;
using T2CSim.Core.Controller;
using T2CSim.Core.Randomness;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;
using T2CSim.Core.Workload;

/// <summary>Graph scenarios from YAML (docs/topology.md): explicit and generated trees, models bound to devices, bad trees refused.</summary>
public class GraphScenarioTests
{
    private static readonly string TwoDevices = ProjectPaths.InRoot("scenarios", "graph-two-devices.yaml");

    [Test]
    public void TheTwoDeviceScenarioBindsOneInstancePerDeviceAModelIsOn()
    {
        var s = ScenarioLoader.Load(TwoDevices);
        Assert.That(s.Topology.IsChain, Is.False);
        Assert.That(s.Topology.Devices.Select(d => s.Topology.Nodes[d].Name), Is.EqualTo(new[] { "intersection", "senior-house" }));
        Assert.That(s.Models.Models.Select(m => m.Name), Is.EqualTo(new[] { "sg-lite@intersection", "sg-lite@senior-house", "ag-deep@senior-house" }));
        Assert.That(s.Models["sg-lite@intersection"].Tasks, Is.SameAs(s.Models["sg-lite@senior-house"].Tasks), "same classes: one model's tasks");
        Assert.That(s.Workload.Mix.Select(m => m.Model).Distinct(), Is.EqualTo(new[] { "sg-lite", "ag-deep" }), "the mix names the declared models");
    }

    [Test]
    public void RequestsGoToDevicesByTheirWeights()
    {
        // intersection 3, senior-house 1: sg-lite's requests split 3:1; ag-deep is only on the senior house.
        var s = ScenarioLoader.Load(TwoDevices, ["workload.multiplier=2000"]);
        var requests = new RequestGenerator(s.Workload, new RandomStreams(1)).Generate(600).ToList();
        int a = requests.Count(r => r.Model == "sg-lite@intersection"), b = requests.Count(r => r.Model == "sg-lite@senior-house");
        Assert.That(a + b, Is.GreaterThan(20_000));
        double share = a / (double)(a + b);
        // Binomial standard deviation sqrt(0.75 * 0.25 / n) < 0.003; 5 sigma.
        Assert.That(share, Is.EqualTo(0.75).Within(0.015));
        Assert.That(requests.Where(r => r.Model.StartsWith("ag-deep")).Select(r => r.Model).Distinct(), Is.EqualTo(new[] { "ag-deep@senior-house" }));
    }

    [Test]
    public void PlacesDrawTheDeviceAndTheRequestGoesToItsModelsInstanceThere()
    {
        // workload.places (the places module) picks the device; sg-lite is on both devices.
        var s = ScenarioLoader.Load(TwoDevices, ["workload.devices=null", "workload.places={mode: weighted, weights: {intersection: 1, senior-house: 3}}",
            "workload.mix={sg-lite: {smile: 1}}", "workload.multiplier=2000"]);
        var requests = new RequestGenerator(s.Workload, new RandomStreams(1)).Generate(600).ToList();
        double share = requests.Count(r => r.Model == "sg-lite@senior-house") / (double)requests.Count;
        Assert.That(requests.Select(r => r.Model).Distinct().Order(), Is.EqualTo(new[] { "sg-lite@intersection", "sg-lite@senior-house" }));
        Assert.That(share, Is.EqualTo(0.75).Within(0.015));
    }

    [Test]
    public void PlacesNeedEveryMixedModelOnEveryDevice() =>
        Assert.That(Refused("workload.devices=null", "workload.places={mode: uniform}"),
            Does.StartWith("workload.places: model ag-deep is not on every device"));

    [Test]
    public void EveryRequestOfEveryDeviceEndsInExactlyOneOutcome()
    {
        var s = ScenarioLoader.Load(TwoDevices, ["duration_s=120"]);
        var expected = new RequestGenerator(s.Workload, s.Streams(0)).Generate(s.DurationS).GroupBy(r => r.Model).ToDictionary(g => g.Key, g => g.Count());
        var run = Experiment.Run(s, "T2C_MHE");
        var byDevice = run.Log.Requests.GroupBy(r => r.Request.Model).ToDictionary(g => g.Key, g => g.ToList());
        Assert.That(byDevice.Keys, Is.EquivalentTo(expected.Keys));
        foreach (var (model, records) in byDevice)
        {
            Assert.That(records, Has.Count.EqualTo(expected[model]), $"{model}: every generated request is logged once");
            int served = records.Count(r => r.Outcome == RequestOutcome.Served), missed = records.Count(r => r.Outcome == RequestOutcome.Missed),
                unserved = records.Count(r => r.Outcome == RequestOutcome.Unserved);
            Assert.That(served + missed + unserved, Is.EqualTo(records.Count), model);
            Assert.That(served, Is.GreaterThan(0), $"{model}: the continuum serves each device");
        }
        Assert.That(run.Summary.Arrived, Is.EqualTo(expected.Values.Sum()));
        Assert.That(run.Summary.Served + run.Summary.Missed + run.Summary.Unserved, Is.EqualTo(run.Summary.Arrived));
    }

    [Test]
    public void TheChainWrittenAsATreeGivesTheChainsResults()
    {
        // One device listed first, its sensor, then its links outwards: the chain's node and link indices.
        var tree = new[]
        {
            "topology={nodes: [{name: device, slots: 3, cores: 4, parent: edge}, {name: edge, slots: 3, cores: 2, parent: cloud}, {name: cloud, slots: 7, cores: 4}],"
            + " links: [{name: device_edge, from: device, to: edge, capacity_mbps: 24, latency_ms: 3}, {name: edge_cloud, from: edge, to: cloud, capacity_mbps: 40, latency_ms: 5}],"
            + " sensors: [{device: device, name: sensor_device, capacity_mbps: 1, latency_ms: 1}]}",
            "duration_s=120",
        };
        var chain = ScenarioLoader.Load(ProjectPaths.InRoot("scenarios", "thesis-operation.yaml"), ["duration_s=120"]);
        var asTree = ScenarioLoader.Load(ProjectPaths.InRoot("scenarios", "thesis-operation.yaml"), tree);
        Assert.That(asTree.Topology.IsChain, Is.True);
        var a = Experiment.Run(chain, "T2C_MHER");
        var b = Experiment.Run(asTree, "T2C_MHER");
        Assert.That(b.Summary with { }, Is.EqualTo(a.Summary with { LinkMbps = b.Summary.LinkMbps }));
        Assert.That(b.Summary.LinkMbps, Is.EqualTo(a.Summary.LinkMbps));
        Assert.That(b.Log.Requests.Select(r => (r.Request.Id, r.Cause, r.LatencyS)), Is.EqualTo(a.Log.Requests.Select(r => (r.Request.Id, r.Cause, r.LatencyS))));
    }

    [Test]
    public void AGeneratedTreeHasItsDevicesEdgesAndDrawnLinks()
    {
        var s = ScenarioLoader.Load(TwoDevices, [Generate(devices: 250, perEdge: 100), "models.ag-deep.on=every device", "workload.devices={distribution: zipf, exponent: 1}", "events=[]"]);
        var t = s.Topology;
        Assert.That((t.Devices.Count, t.NodeCount, t.TierCount, t.Links.Count), Is.EqualTo((250, 1 + 3 + 250, 3, 3 + 2 * 250)));
        Assert.That(t.Paths[249].Nodes.Select(n => t.Nodes[n].Name), Is.EqualTo(new[] { "device-249", "edge-2", "cloud-0" }));
        var uplinks = t.Links.Where(l => l.Name.StartsWith("device-")).Select(l => l.CapacityBps / 1e6).ToList();
        Assert.That(uplinks, Has.All.InRange(12.0, 36.0));
        Assert.That(uplinks.Distinct().Count(), Is.GreaterThan(200), "drawn per link");
        Assert.That(t.Nodes.Where(n => n.ClassName == "device").Select(n => n.Slots).Distinct().Order(), Is.EqualTo(new[] { 2, 3 }), "both device classes drawn");
        Assert.That(s.Models.Models, Has.Count.EqualTo(2 * 250), "sg-lite and ag-deep on every device");
        var again = ScenarioLoader.Load(TwoDevices, [Generate(devices: 250, perEdge: 100), "models.ag-deep.on=every device", "workload.devices={distribution: zipf, exponent: 1}", "events=[]"]);
        Assert.That(again.Topology.Links.Select(l => l.CapacityBps), Is.EqualTo(t.Links.Select(l => l.CapacityBps)), "the topology's seed fixes it");
    }

    private static string Generate(int devices, int perEdge) =>
        $"topology={{generate: {{devices: {devices}, devices_per_edge: {perEdge}, seed: 3,"
        + " device_classes: [{class: device, fraction: 0.7, slots: 3, cores: 4}, {class: device, fraction: 0.3, slots: 2, cores: 2, speed: 0.5}],"
        + " edge: {class: edge, slots: 30, cores: 8}, cloud: {class: cloud, slots: 300, cores: 32},"
        + " sensor_link: {capacity_mbps: 1, latency_ms: 1}, device_link: {capacity_mbps: {distribution: uniform, low: 12, high: 36}, latency_ms: 3},"
        + " edge_link: {capacity_mbps: {distribution: lognormal, median: 400, sigma: 0.3}, latency_ms: 5}}}";

    // --- bad trees: one line naming the file and the field ---

    private static string Refused(params string[] overrides)
    {
        var e = Assert.Throws<UserInputException>(() => ScenarioLoader.Load(TwoDevices, overrides))!;
        Assert.That(e.Message, Does.Not.Contain('\n'), "one line");
        Assert.That(e.Message, Does.StartWith(TwoDevices + ": "), "names the scenario file");
        return e.Message[(TwoDevices.Length + 2)..];
    }

    [Test]
    public void ACycleIsRefused() =>
        Assert.That(Refused("topology.nodes.cloud.parent=senior-house"),
            Is.EqualTo("topology.nodes.cloud.parent: the parents form a cycle: cloud -> senior-house -> edge -> cloud"));

    [Test]
    public void AnOrphanDeviceIsRefused() =>
        Assert.That(Refused("topology.nodes=[{name: cloud, class: cloud, slots: 7, cores: 4}, {name: edge, class: edge, slots: 3, cores: 2, parent: cloud},"
                + " {name: intersection, class: device, slots: 3, cores: 4, parent: edge}, {name: senior-house, class: device, slots: 3, cores: 4}]",
                "topology.links=[{name: edge_cloud, from: edge, to: cloud, capacity_mbps: 40, latency_ms: 5}, {name: intersection_edge, from: intersection, to: edge, capacity_mbps: 24, latency_ms: 3}]"),
            Is.EqualTo("topology.sensors.sensor_senior-house.device: device senior-house is an orphan: it has no parent (a device hangs under an edge or cloud node)"));

    [Test]
    public void ALinkToAnUnknownNodeIsRefused() =>
        Assert.That(Refused("topology.links.edge_cloud.to=clod"), Is.EqualTo("topology.links.edge_cloud.to: no node named 'clod'"));

    [Test]
    public void ALinkThatSkipsTheParentIsRefused() =>
        Assert.That(Refused("topology.links.intersection_edge.to=cloud"), Is.EqualTo("topology.links.intersection_edge.to: intersection's parent is edge, not cloud"));

    [Test]
    public void ANodeWithoutALinkToItsParentIsRefused() =>
        Assert.That(Refused("topology.links=[{name: edge_cloud, from: edge, to: cloud, capacity_mbps: 40, latency_ms: 5}, {name: intersection_edge, from: intersection, to: edge, capacity_mbps: 24, latency_ms: 3}]"),
            Is.EqualTo("topology.nodes.senior-house.parent: no link joins senior-house to its parent edge (add one to topology.links)"));

    [Test]
    public void AModelOnANodeWithoutASensorIsRefused() =>
        Assert.That(Refused("models.ag-deep.on=[edge]"), Is.EqualTo("models.ag-deep.on.0: node edge has no sensor: a model watches a device's sensor (add it to topology.sensors)"));

    [Test]
    public void DevicesAtDifferentDepthsAreRefused() =>
        Assert.That(Refused("topology.nodes.senior-house.parent=cloud", "topology.links.senior-house_edge.to=cloud"),
            Does.StartWith("topology.sensors.sensor_senior-house.device: device senior-house is 2 nodes from its root, intersection is 3"));
}
