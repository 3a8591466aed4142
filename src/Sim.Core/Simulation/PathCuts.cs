namespace T2CSim.Core.Simulation;

using T2CSim.Core.Domain;

/// <summary>
/// Where scenario outages cut the simulated continuum (docs/controller.md, "Failure events";
/// docs/topology.md, "Outages on a tree"): per node and per link, how many outages cut it now, and
/// when the last one began, so that a job started before a cut on its path is dropped even if the cut
/// has ended since it was last checked. A job's path is cut at position k when node Nodes[k] or link
/// Links[k] of its device's path is cut: a node or link cuts only the paths through it. In the chain
/// every outage is counted at the tier position it cuts (a link down at the tier it leads to), so a
/// tier and a link outage at the same position overlap there as before.
/// </summary>
internal sealed class PathCuts
{
    private readonly int[] _nodeCount;
    private readonly double[] _nodeLastCutS;
    private readonly int[] _linkCount;
    private readonly double[] _linkLastCutS;
    private bool _any;

    public PathCuts(int nodes, int links)
    {
        _nodeCount = new int[nodes];
        _nodeLastCutS = Enumerable.Repeat(double.NegativeInfinity, nodes).ToArray();
        _linkCount = new int[links];
        _linkLastCutS = Enumerable.Repeat(double.NegativeInfinity, links).ToArray();
    }

    /// <summary>An outage cuts node `node`; true when it was not cut already (the node is lost now).</summary>
    public bool CutNode(int node, double nowS) => Cut(_nodeCount, _nodeLastCutS, node, nowS);

    /// <summary>An outage cuts link `link`; true when it was not cut already (the link is lost now).</summary>
    public bool CutLink(int link, double nowS) => Cut(_linkCount, _linkLastCutS, link, nowS);

    /// <summary>An outage of node `node` ends; true when no other one still cuts it (restored now).</summary>
    public bool MendNode(int node) => Mend(_nodeCount, node, "node");

    /// <summary>An outage of link `link` ends; true when no other one still cuts it (restored now).</summary>
    public bool MendLink(int link) => Mend(_linkCount, link, "link");

    private bool Cut(int[] count, double[] lastCutS, int index, double nowS)
    {
        _any = true;
        lastCutS[index] = nowS;
        return ++count[index] == 1;
    }

    private static bool Mend(int[] count, int index, string what)
    {
        if (count[index] == 0) throw new InvalidOperationException($"{what} {index} is not cut");
        return --count[index] == 0;
    }

    /// <summary>
    /// True when a job on `path` started at `startS` that reaches tier `lastTier` is cut off: a node or
    /// link of its path up to that tier is cut now or was cut since it started. Free until the first outage.
    /// </summary>
    public bool CutOff(NodePath path, int lastTier, double startS)
    {
        if (!_any) return false;
        for (int k = 0; k <= lastTier && k < path.Nodes.Length; k++)
        {
            int node = path.Nodes[k], link = path.Links[k];
            if (_nodeCount[node] > 0 || _nodeLastCutS[node] >= startS || _linkCount[link] > 0 || _linkLastCutS[link] >= startS) return true;
        }
        return false;
    }
}
