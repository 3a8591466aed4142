namespace T2CSim.Tests.Core.Graph;

using T2CSim.Core;
using T2CSim.Core.Execution;
using T2CSim.Core.Scenarios;
using T2CSim.Core.Simulation;

/// <summary>
/// A testbed description on a tree (docs/topology.md, "Testbeds"): the chain's calibration applies per
/// node by class and per link by kind; hops are named by link and node; a mismatch is refused in one line.
/// </summary>
public class TreeTestbedTests
{
    private static readonly string V5 = ProjectPaths.InRoot("scenarios", "validation", "v5-two-devices-shared-edge.yaml");

    [Test]
    public void EachNodeTakesItsClasssTermsAndEachLinkItsKinds()
    {
        var s = ScenarioLoader.Load(V5);
        var t = s.Topology;
        var tb = s.Testbed!;
        var nodes = TestbedPlaces.PerNode(t, tb);
        // Nodes: cloud, edge, cam-a, cam-b; the description's tiers: device, edge, cloud.
        Assert.That(nodes, Is.EqualTo(new[] { tb.Tiers[2], tb.Tiers[1], tb.Tiers[0], tb.Tiers[0] }));
        // Links: sensor_cam-a, sensor_cam-b, edge_cloud, cam-a_edge, cam-b_edge; kinds: sensor_device, device_edge, edge_cloud.
        Assert.That(t.Links.Select(l => l.Name), Is.EqualTo(new[] { "sensor_cam-a", "sensor_cam-b", "edge_cloud", "cam-a_edge", "cam-b_edge" }));
        Assert.That(TestbedPlaces.PerLink(t, tb), Is.EqualTo(new[] { tb.Links[0], tb.Links[0], tb.Links[2], tb.Links[1], tb.Links[1] }));
        Assert.That(Enumerable.Range(0, 3).Select(k => TestbedPlaces.LinkName(t, k)), Is.EqualTo(new[] { "sensor_device", "device_edge", "edge_cloud" }));
    }

    [Test]
    public void HopNamesOnATreeNameTheLinkAndNodeAndParseBackToTheirPositions()
    {
        var t = ScenarioLoader.Load(V5).Topology;
        var camB = t.Paths[1];
        Assert.That(Enumerable.Range(0, 3).Select(k => HopNames.Link(t, camB, k)), Is.EqualTo(new[] { "link:sensor_cam-b", "link:cam-b_edge", "link:edge_cloud" }));
        Assert.That(Enumerable.Range(0, 3).Select(k => HopNames.Node(t, camB, k)), Is.EqualTo(new[] { "node:cam-b", "node:edge", "node:cloud" }));
        Assert.That(HopNames.ParseLink(t, "link:cam-b_edge"), Is.EqualTo((4, 1)));
        Assert.That(HopNames.ParseNode(t, "result@node:cloud"), Is.EqualTo((0, 2)));
        Assert.That(HopNames.ParseLink(t, "link:nowhere"), Is.Null);
        // The chain keeps its positional names.
        var chain = T2CSim.Core.Domain.Topology.Thesis();
        Assert.That((HopNames.Link(chain, chain.Paths[0], 1), HopNames.Node(chain, chain.Paths[0], 2), HopNames.ParseLink(chain, "link2")), Is.EqualTo(("link1", "tier2", ((int, int)?)(2, 2))));
    }

    [Test]
    public void ATreeRunsInTheSimulatorWithTheDescriptionAndRecordsNamedHops()
    {
        var s = ScenarioLoader.Load(V5, ["duration_s=20"]);
        var hops = new HopRecorder();
        var result = Experiment.Run(s, "T2C_MHE", 0, hops: hops);
        Assert.That(result.Summary.Served + result.Summary.Missed + result.Summary.Unserved, Is.EqualTo(result.Summary.Arrived));
        Assert.That(result.Summary.Served, Is.GreaterThan(0));
        var names = hops.Hops.Select(h => h.Hop).Distinct().ToList();
        Assert.That(names, Does.Contain("link:sensor_cam-a").And.Contain("link:sensor_cam-b"));
        Assert.That(names.All(n => n.StartsWith("link:", StringComparison.Ordinal) || n.StartsWith("node:", StringComparison.Ordinal) || n.StartsWith("result@node:", StringComparison.Ordinal)), Is.True, string.Join(", ", names));
    }

    [Test]
    public void ADescriptionWhoseTierIsNotTheClassAtItsPositionIsRefusedNamingTheField()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"t2c-tree-testbed-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            string text = File.ReadAllText(ProjectPaths.InRoot("testbeds", "loopback.yaml")).Replace("{name: edge, cpu_share", "{name: fog, cpu_share");
            File.WriteAllText(Path.Combine(dir, "bad.yaml"), text);
            var e = Assert.Throws<UserInputException>(() => ScenarioLoader.Load(V5, [$"testbed={Path.Combine(dir, "bad.yaml")}"]))!;
            Assert.That(e.Field, Is.EqualTo("tiers.fog.name"));
            Assert.That(e.Message, Does.Contain("'fog' where the scenario's tier 1 is 'edge'"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [TestCase("scheduler_tick_ms")]
    [TestCase("quota_overrun_ms")]
    [TestCase("quota_notice_ms")]
    public void A_negative_quota_term_is_refused_naming_the_field(string key)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"t2c-quota-testbed-{Environment.ProcessId}-{key}");
        Directory.CreateDirectory(dir);
        try
        {
            // The committed description with the device's term set to -1 (added where the file has none).
            string text = File.ReadAllText(ProjectPaths.InRoot("testbeds", "loopback.yaml"));
            int at = text.IndexOf($"{key}: ", StringComparison.Ordinal);
            if (at > 0) text = text[..at] + $"{key}: -1, " + text[(text.IndexOf(',', at) + 2)..];
            else
            {
                int period = text.IndexOf("quota_period_ms: ", StringComparison.Ordinal);
                Assert.That(period, Is.GreaterThan(0), "the committed description has a quota");
                int next = text.IndexOf(',', period) + 2;
                text = text[..next] + $"{key}: -1, " + text[next..];
            }
            File.WriteAllText(Path.Combine(dir, "bad.yaml"), text);
            var e = Assert.Throws<UserInputException>(() => ScenarioLoader.Load(V5, [$"testbed={Path.Combine(dir, "bad.yaml")}"]))!;
            Assert.That(e.Field, Does.EndWith(key));
            Assert.That(e.Problem, Does.Contain("-1 is not a duration"));
        }
        finally { Directory.Delete(dir, true); }
    }
}
