namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>
/// Free slots per node, as each instance sees them along its device's path (docs/topology.md,
/// "Planners on a graph"): stage k of an instance needs a slot on node Path.Nodes[k], so the planners'
/// per-tier checks read the path's nodes, and what an instance takes is taken from those nodes —
/// a node shared by many paths (an edge, the cloud) is counted once, for all of them. In the chain
/// the path is the identity and the node array itself is the tier view (nothing copied). While an
/// outage cuts some paths (PathReach), an instance sees no slot from its path's first cut on.
/// </summary>
internal sealed class PathSlots
{
    private readonly Topology _topology;
    private readonly int[] _local;
    private readonly PathReach? _reach;

    /// <param name="reach">What the controller has lost; null or nothing lost: every path reaches its end.</param>
    public PathSlots(Topology topology, int[] free, PathReach? reach = null)
    {
        _topology = topology;
        Free = free;
        _local = new int[topology.TierCount];
        _reach = reach is { Any: true } ? reach : null;
    }

    /// <summary>Free slots per node (the planner's running count).</summary>
    public int[] Free { get; }

    /// <summary>Free slots per tier of `model`'s path (valid until the next call).</summary>
    public int[] Local(ModelSpec model)
    {
        var path = _topology.PathOf(model);
        if (_reach is null)
        {
            if (path.IsIdentity) return Free;
            for (int k = 0; k < _local.Length; k++) _local[k] = Free[path.Nodes[k]];
            return _local;
        }
        int cut = _reach.FirstCut(path);
        for (int k = 0; k < _local.Length; k++) _local[k] = k < cut ? Free[path.Nodes[k]] : 0;
        return _local;
    }

    /// <summary>The instance of `model` takes one slot on each node of its path whose tier bit is in `mask`.</summary>
    public void Take(ModelSpec model, int mask)
    {
        var path = _topology.PathOf(model);
        if (path.IsIdentity)
        {
            ShortestLatencyPartition.Take(Free, mask);
            return;
        }
        for (int k = 0; k < path.Nodes.Length; k++)
            if ((mask >> k & 1) != 0) Free[path.Nodes[k]]--;
    }
}
