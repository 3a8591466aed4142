namespace T2CSim.Core.Execution;

using T2CSim.Core.Domain;

/// <summary>
/// Where a testbed description's terms apply (docs/topology.md, "Testbeds"). A description lists one
/// tier per stage position and one link per position (the link into that stage), as `t2c calibrate`
/// measures them on the chain: one calibration per class. On a tree every node takes the terms of its
/// class (the tier at its position, named by the class: device, edge, cloud) and every link those of its
/// kind (the link at the position of the node it feeds: a sensor link, a device's link to its edge, an
/// edge's link to its cloud, named `sensor_CLASS` and `CHILDCLASS_PARENTCLASS`). The chain is the case
/// where node, link and position coincide and the names are the scenario's own.
/// </summary>
public static class TestbedPlaces
{
    /// <summary>
    /// The name the description's tier k must have: the chain's tier name, or on a tree the class of every
    /// node at position k; null when nodes of different classes share position k (then no per-position
    /// description fits the tree: refused by the loader).
    /// </summary>
    public static string? TierName(Topology topology, int k)
    {
        if (topology.IsChain) return topology.Tiers[k].Name;
        string? name = null;
        foreach (var path in topology.Paths)
        {
            string c = topology.Nodes[path.Nodes[k]].ClassName;
            if (name is null) name = c;
            else if (name != c) return null;
        }
        return name;
    }

    /// <summary>The name the description's link k must have: the chain's link name, or on a tree the kind `sensor_CLASS0` / `CLASS(k-1)_CLASS(k)`.</summary>
    public static string? LinkName(Topology topology, int k)
    {
        if (topology.IsChain) return topology.Links[k].Name;
        string? here = TierName(topology, k), before = k > 0 ? TierName(topology, k - 1) : "sensor";
        return here is null || before is null ? null : $"{before}_{here}";
    }

    /// <summary>How many tiers and links a description of this topology lists: its stage positions (the chain: its links).</summary>
    public static int LinkCount(Topology topology) => topology.IsChain ? topology.Links.Count : topology.TierCount;

    /// <summary>The stage position of every node (the chain: its index); -1 for a node on no device's path.</summary>
    public static int[] NodePositions(Topology topology)
    {
        var positions = new int[topology.NodeCount];
        Array.Fill(positions, -1);
        foreach (var path in topology.Paths)
            for (int k = 0; k < path.Nodes.Length; k++) positions[path.Nodes[k]] = k;
        return positions;
    }

    /// <summary>Node n's terms: its class's (the description's tier at its position); ideal for a node on no path.</summary>
    public static TierExecution[] PerNode(Topology topology, TestbedDescription testbed)
    {
        if (topology.IsChain) return testbed.Tiers.ToArray();
        return NodePositions(topology).Select(p => p >= 0 ? testbed.Tiers[p] : TierExecution.Ideal).ToArray();
    }

    /// <summary>Link l's terms: its kind's (the description's link at the position of the node it feeds).</summary>
    public static LinkExecution[] PerLink(Topology topology, TestbedDescription testbed)
    {
        if (topology.IsChain) return testbed.Links.ToArray();
        var positions = NodePositions(topology);
        return topology.Links.Select(l => positions[l.Parent] is var p && p >= 0 ? testbed.Links[p] : LinkExecution.Ideal).ToArray();
    }
}
