namespace T2CSim.Hardware.Hil;

using T2CSim.Core;
using T2CSim.Core.Domain;
using T2CSim.Core.Scenarios;

/// <summary>
/// Which topologies the hardware half can run (docs/topology.md, "Testbeds"): one agent process per
/// node, each forwarding to its parent's agent over its link to the parent. The chain is three agents;
/// a tree of up to <see cref="MaxAgents"/> nodes runs the same way; larger trees are refused in one line.
/// </summary>
public static class HilTopology
{
    /// <summary>
    /// Agents one machine hosts: each is a .NET process with TorchSharp and every network it was asked to
    /// build (about 250-400 MB resident), and with CPU quotas each is pinned to one CPU. 16 agents are
    /// 4-6 GB and eight per CPU on this two-core machine; beyond that the testbed measures its own
    /// contention rather than the continuum. Agents on other hosts (--listen) have the same limit: the
    /// controller's loop and the result sink serve them all.
    /// </summary>
    public const int MaxAgents = 16;

    /// <summary>Refuses, in one line naming the file and field, a topology the agents cannot run.</summary>
    public static void Check(Scenario scenario, bool namespaceTestbed)
    {
        var topology = scenario.Topology;
        if (topology.NodeCount > MaxAgents)
            throw new UserInputException(scenario.SourcePath, "topology.nodes",
                $"{topology.NodeCount} nodes: the hardware-in-the-loop runner starts one agent process per node and hosts at most {MaxAgents} (run larger trees with t2c run)");
        // The namespace testbed's sensor link is one veth shaped by the kernel per device: it can carry
        // one shared sensor link for that device's models, not one per model.
        if (namespaceTestbed && !topology.SharedSensorLink
            && scenario.Models.Models.GroupBy(m => topology.PathOf(m).Device).FirstOrDefault(g => g.Count() > 1) is { } crowded)
            throw new UserInputException(scenario.SourcePath, "topology.shared_sensor_link",
                $"the namespace testbed has one sensor link per device and {topology.Nodes[crowded.Key].Name} has {crowded.Count()} models: set it to true, or run on loopback (one shaped link per model)");
        var positions = AgentDirectory.Positions(topology);
        for (int n = 0; n < positions.Length; n++)
            if (positions[n] < 0)
                throw new UserInputException(scenario.SourcePath, "topology.nodes",
                    $"node {topology.Nodes[n].Name} is deeper than the devices: no stage of any model runs there, so no agent can serve it");
    }

    /// <summary>The link from node `node` to its parent (the chain: link node+1); null for a root.</summary>
    public static int? UplinkOf(Topology topology, int node)
    {
        if (topology.Nodes[node].Parent < 0) return null;
        for (int l = 0; l < topology.Links.Count; l++)
            if (topology.Links[l].Child == node) return l;
        return null;
    }
}
