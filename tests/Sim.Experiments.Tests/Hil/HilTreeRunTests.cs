namespace T2CSim.Tests.Experiments.Hil;

using T2CSim.Core;
using T2CSim.Core.Scenarios;
using T2CSim.Hardware.Hil;

/// <summary>
/// The hardware half on a tree (docs/topology.md, "Testbeds"): two devices under one edge and one
/// cloud run as four agents on loopback; each model instance's frames enter at its own device and its
/// stages run on the nodes of that device's path; every request is accounted for.
/// </summary>
[NonParallelizable]
[Category("Slow")]
public class HilTreeRunTests
{
    private static Scenario Tree(params string[] overrides) =>
        ScenarioLoader.Load(Path.Combine(ProjectPaths.Root!, "scenarios", "hil-graph-smoke.yaml"), ["duration_s=7", .. overrides]);

    private static HilOptions Options() => new()
    {
        Agent = AgentTrio.AgentCommand,
        CpuQuotas = false,
        AgentTimeoutS = 3,
        StatusPeriodS = 0.25,
        Log = TestContext.Progress.WriteLine,
    };

    [Test]
    public void Two_devices_under_one_edge_run_as_four_agents_along_their_own_paths()
    {
        var scenario = Tree();
        var result = HilRunner.Run(scenario, "T2C_MH", Options());
        var s = result.Summary;
        Assert.That(s.Arrived, Is.EqualTo(result.Log.Requests.Count));
        Assert.That(s.Served + s.Missed + s.Unserved, Is.EqualTo(s.Arrived), "arrived = served + missed + unserved");
        foreach (string device in new[] { "cam-a", "cam-b" })
        {
            Assert.That(result.Log.Requests.Count(r => r.Request.Model == "sg-lite@" + device && r.Ran), Is.GreaterThan(0), $"requests for {device} ran");
            // Frames entered at the device over its own sensor link.
            Assert.That(result.Traces.Where(t => t.Model == "sg-lite@" + device).SelectMany(t => t.Items()).Any(i => i.Hop == $"link:sensor_{device}" && i.What == "wire"), Is.True, device);
        }
        // Every stage and link a job crossed is on its own device's path (device -> edge -> cloud).
        foreach (var item in result.Traces.SelectMany(t => t.Items()).Where(i => i.What is "wire" or "compute"))
        {
            string device = item.Model.Split('@')[1];
            Assert.That(item.Hop, Is.AnyOf($"link:sensor_{device}", $"link:{device}_edge", "link:edge_cloud", $"node:{device}", "node:edge", "node:cloud"), item.ToString());
        }
        Assert.That(result.Log.Events.Any(e => e.Kind == "tier-lost"), Is.False, "no agent lost");
    }

    [Test]
    public void With_no_slots_on_the_devices_both_devices_jobs_cross_the_shared_edge()
    {
        // Every partition then starts on the edge or the cloud: the devices' agents only pass frames on.
        var result = HilRunner.Run(Tree("topology.nodes.2.slots=0", "topology.nodes.3.slots=0"), "T2C_MH", Options());
        var items = result.Traces.SelectMany(t => t.Items()).ToList();
        foreach (string device in new[] { "cam-a", "cam-b" })
            Assert.That(items.Any(i => i.Model == "sg-lite@" + device && i.Hop == $"link:{device}_edge" && i.What == "wire"), Is.True, $"{device}'s data crossed its link to the edge");
        Assert.That(items.Any(i => i.What == "compute" && (i.Hop == "node:cam-a" || i.Hop == "node:cam-b")), Is.False, "nothing computed on a device without slots");
        Assert.That(result.Summary.Served + result.Summary.Missed, Is.GreaterThan(0));
    }

    [Test]
    public void A_tree_of_more_nodes_than_the_machine_hosts_as_agents_is_refused_in_one_line()
    {
        // bench-scale.yaml generates 100 devices under one edge and a cloud: 102 nodes, 102 agent processes.
        var scenario = ScenarioLoader.Load(Path.Combine(ProjectPaths.Root!, "scenarios", "bench-scale.yaml"));
        var e = Assert.Throws<UserInputException>(() => HilRunner.Run(scenario, "T2C_MHE", Options()))!;
        Assert.That(e.Field, Is.EqualTo("topology.nodes"));
        Assert.That(e.Message, Does.Contain("102 nodes").And.Contain($"at most {HilTopology.MaxAgents}"));
        Assert.That(e.Message, Does.Not.Contain("\n"));
    }
}
