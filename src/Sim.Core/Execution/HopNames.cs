namespace T2CSim.Core.Execution;

using System.Globalization;
using T2CSim.Core.Domain;

/// <summary>
/// The names of a job's hops in the hop records of both worlds (the simulator's HopRecorder, the
/// testbed's JobTrace) and in the validation's hop attribution (docs/validation.md): the chain's
/// `link{k}` and `tier{k}` by position (its files unchanged), a tree's by the link's and node's own
/// names (`link:intersection_edge`, `node:edge`), since positions there stand for many links and nodes.
/// A result's hop is `result@` + the node's hop.
/// </summary>
public static class HopNames
{
    public static string Link(Topology topology, NodePath path, int position) =>
        topology.IsChain ? $"link{position}" : "link:" + topology.Links[path.Links[position]].Name;

    public static string Node(Topology topology, NodePath path, int position) =>
        topology.IsChain ? $"tier{position}" : "node:" + topology.Nodes[path.Nodes[position]].Name;

    /// <summary>Node n's hop name (the chain: tier n).</summary>
    public static string Node(Topology topology, int node) =>
        topology.IsChain ? $"tier{node}" : "node:" + topology.Nodes[node].Name;

    /// <summary>Whether a hop is a link's, a node's (tier's) or a result's.</summary>
    public static bool IsLink(string hop) => hop.StartsWith("link", StringComparison.Ordinal);
    public static bool IsNode(string hop) => hop.StartsWith("tier", StringComparison.Ordinal) || hop.StartsWith("node:", StringComparison.Ordinal);
    public static bool IsResult(string hop) => hop.StartsWith("result@", StringComparison.Ordinal);

    /// <summary>
    /// A link hop's topology link index and stage position (the chain: both k); null when the name is
    /// no link of this topology.
    /// </summary>
    public static (int Link, int Position)? ParseLink(Topology topology, string hop)
    {
        if (topology.IsChain)
            return hop.StartsWith("link", StringComparison.Ordinal) && int.TryParse(hop.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k < topology.Links.Count ? (k, k) : null;
        if (!hop.StartsWith("link:", StringComparison.Ordinal)) return null;
        for (int l = 0; l < topology.Links.Count; l++)
            if (topology.Links[l].Name == hop[5..])
                return TestbedPlaces.NodePositions(topology)[topology.Links[l].Parent] is var p && p >= 0 ? (l, p) : null;
        return null;
    }

    /// <summary>A node hop's (or a result's, after `result@`) node index and stage position (the chain: both k).</summary>
    public static (int Node, int Position)? ParseNode(Topology topology, string hop)
    {
        if (hop.StartsWith("result@", StringComparison.Ordinal)) hop = hop[7..];
        if (topology.IsChain)
            return hop.StartsWith("tier", StringComparison.Ordinal) && int.TryParse(hop.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k < topology.TierCount ? (k, k) : null;
        if (!hop.StartsWith("node:", StringComparison.Ordinal)) return null;
        int n = topology.TierIndex(hop[5..]);
        return n >= 0 && TestbedPlaces.NodePositions(topology)[n] is var p && p >= 0 ? (n, p) : null;
    }
}
