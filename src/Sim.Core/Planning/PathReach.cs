namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>
/// What of the continuum the controller has lost (docs/topology.md, "Outages on a tree"): nodes whose
/// agent is gone and links that are down. Every job enters at its device and crosses its path in
/// order, so a path is cut at its first lost node or link: that position and every later one cannot
/// be reached from the device. The thesis's chain rule ("a lost tier also takes every tier behind it")
/// per path: a lost edge takes its devices off the cloud, not the other edges' devices.
/// </summary>
public sealed class PathReach
{
    private readonly bool[] _nodeLost;
    private readonly bool[] _linkLost;
    private int _lost;

    public PathReach(Topology topology)
    {
        _nodeLost = new bool[topology.NodeCount];
        _linkLost = new bool[topology.Links.Count];
    }

    /// <summary>True while some node or link is lost (else every path reaches its end: nothing to check).</summary>
    public bool Any => _lost > 0;

    public bool IsNodeLost(int node) => _nodeLost[node];

    public bool IsLinkLost(int link) => _linkLost[link];

    public void SetNode(int node, bool lost) => Set(_nodeLost, node, lost);

    public void SetLink(int link, bool lost) => Set(_linkLost, link, lost);

    private void Set(bool[] flags, int index, bool lost)
    {
        if (flags[index] == lost) return;
        flags[index] = lost;
        _lost += lost ? 1 : -1;
    }

    /// <summary>The first position of `path` that cannot be reached (its length when none): node Nodes[k] or link Links[k] lost.</summary>
    public int FirstCut(NodePath path)
    {
        if (_lost == 0) return path.Nodes.Length;
        for (int k = 0; k < path.Nodes.Length; k++)
            if (_nodeLost[path.Nodes[k]] || _linkLost[path.Links[k]]) return k;
        return path.Nodes.Length;
    }
}
