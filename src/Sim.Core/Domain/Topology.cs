namespace T2CSim.Core.Domain;

/// <summary>A computing node of the continuum (a device, an edge server, a cloud, ...).</summary>
/// <param name="Name">Name used in scenarios, logs and events; in the chain it is also the lookup-table column ("device", "edge", "cloud").</param>
/// <param name="Slots">Computing power of the thesis: how many model partitions the node can host.</param>
/// <param name="Cores">CPU cores shared by the partitions running on the node (simulated execution).</param>
/// <param name="Speed">How fast the node computes relative to its lookup-table column (2: twice as fast); the
/// planner knows it, unlike SimulationOptions.TierSlowdown. 1 (the default) is the table as measured.</param>
public sealed record TierSpec(string Name, int Slots, int Cores, double Speed = 1)
{
    /// <summary>The node's class: the lookup-table column its latencies come from (null: the name, as in the chain).</summary>
    public string? Class { get; init; }

    /// <summary>The class, or the name when none was given (the chain's tiers are their own class).</summary>
    public string ClassName => Class ?? Name;

    /// <summary>Index of the parent node (the next node towards the cloud); -1 for a root.</summary>
    public int Parent { get; init; } = -1;

    /// <summary>Where a device stands (degrees), for assigning requests to their nearest device; null when not given.</summary>
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
}

/// <summary>A network link: a device's sensor link, or a node's link to its parent.</summary>
/// <param name="Name">Scenario name, e.g. "sensor_device".</param>
/// <param name="CapacityBps">Capacity b in bits per second.</param>
/// <param name="PropagationS">One-way propagation latency in seconds.</param>
/// <param name="BackgroundBps">Traffic of others on the link in bits per second.</param>
public sealed record LinkSpec(string Name, double CapacityBps, double PropagationS, double BackgroundBps)
{
    /// <summary>The node the link leaves from towards its parent; -1 for a sensor link.</summary>
    public int Child { get; init; } = -1;
    /// <summary>The node the data arrives at: the child's parent, or the device a sensor link feeds.</summary>
    public int Parent { get; init; } = -1;
}

/// <summary>
/// A device's way to the cloud: Nodes[k] is the node running stage k of a model bound to the device
/// (the device itself first), Links[k] the link its data crosses before stage k (Links[0]: the
/// device's sensor link; Links[k]: Nodes[k-1]'s link to its parent Nodes[k]).
/// </summary>
public sealed class NodePath
{
    public int Device { get; }
    public int[] Nodes { get; }
    public int[] Links { get; }
    /// <summary>True when node and link indices equal the tier positions (the chain): no mapping needed.</summary>
    public bool IsIdentity { get; }

    public NodePath(int device, int[] nodes, int[] links)
    {
        if (nodes.Length != links.Length) throw new ArgumentException("a path has one link per node");
        Device = device;
        Nodes = nodes;
        Links = links;
        bool identity = true;
        for (int k = 0; k < nodes.Length; k++) identity &= nodes[k] == k && links[k] == k;
        IsIdentity = identity;
    }
}

/// <summary>
/// The thing-to-cloud continuum as a tree (docs/topology.md): nodes with a parent each (a root has
/// none), one link from each non-root node to its parent, and one sensor link per device (a node with
/// a sensor). Every device's path to its root has the same number of nodes, the tier count: stage k of
/// any model runs on the k-th node of its device's path. The thesis's chain is the one-device case,
/// where node index = tier index and link index = link index: sensor -> tier 0 over Links[0], and
/// Links[k] joins tier k-1 to tier k.
/// </summary>
public sealed class Topology
{
    /// <summary>Every node; in the chain, the tiers in order.</summary>
    public IReadOnlyList<TierSpec> Nodes { get; }
    /// <summary>The chain's name for the nodes (kept for the chain's readers: tier k is node k there).</summary>
    public IReadOnlyList<TierSpec> Tiers => Nodes;
    public IReadOnlyList<LinkSpec> Links { get; }
    /// <summary>Device node indices in declaration order.</summary>
    public IReadOnlyList<int> Devices { get; }
    /// <summary>Per device (same order as Devices): its path to the root.</summary>
    public IReadOnlyList<NodePath> Paths { get; }
    private readonly int[] _pathOfNode;

    /// <summary>The chain: tiers from the sensor outwards, links in chain order (sensor link first).</summary>
    public Topology(IReadOnlyList<TierSpec> tiers, IReadOnlyList<LinkSpec> links)
    {
        if (tiers.Count == 0) throw new ArgumentException("a topology needs at least one tier");
        if (links.Count != tiers.Count)
            throw new ArgumentException($"a chain of {tiers.Count} tiers needs {tiers.Count} links (sensor link first), got {links.Count}");
        Nodes = tiers.Select((t, k) => t with { Parent = k + 1 < tiers.Count ? k + 1 : -1 }).ToArray();
        Links = links.Select((l, k) => l with { Child = k - 1, Parent = k }).ToArray();
        Devices = [0];
        var ids = Enumerable.Range(0, tiers.Count).ToArray();
        Paths = [new NodePath(0, ids, ids)];
        TierCount = tiers.Count;
        IsChain = true;
        _pathOfNode = new int[tiers.Count];
        Array.Fill(_pathOfNode, -1);
        _pathOfNode[0] = 0;
    }

    /// <summary>
    /// A tree: `nodes` with their Parent set, `links` with Child/Parent set (a sensor link: Child -1,
    /// Parent the device). Devices are the nodes with a sensor link, in node order. Checked here as a last
    /// line (ScenarioLoader reports the same problems with the file and field first).
    /// </summary>
    public static Topology Tree(IReadOnlyList<TierSpec> nodes, IReadOnlyList<LinkSpec> links, bool sharedSensorLink = false) => new(nodes, links, sharedSensorLink);

    private Topology(IReadOnlyList<TierSpec> nodes, IReadOnlyList<LinkSpec> links, bool sharedSensorLink)
    {
        SharedSensorLink = sharedSensorLink;
        if (nodes.Count == 0) throw new ArgumentException("a topology needs at least one node");
        Nodes = nodes as TierSpec[] ?? nodes.ToArray();
        Links = links as LinkSpec[] ?? links.ToArray();
        var uplink = new int[nodes.Count];
        var sensor = new int[nodes.Count];
        Array.Fill(uplink, -1);
        Array.Fill(sensor, -1);
        for (int l = 0; l < links.Count; l++)
        {
            var link = links[l];
            if (link.Parent < 0 || link.Parent >= nodes.Count) throw new ArgumentException($"link {link.Name} leads to no node");
            if (link.Child < 0)
            {
                if (sensor[link.Parent] >= 0) throw new ArgumentException($"node {nodes[link.Parent].Name} has two sensor links");
                sensor[link.Parent] = l;
                continue;
            }
            if (link.Child >= nodes.Count) throw new ArgumentException($"link {link.Name} leaves from no node");
            if (nodes[link.Child].Parent != link.Parent) throw new ArgumentException($"link {link.Name} does not join {nodes[link.Child].Name} to its parent");
            if (uplink[link.Child] >= 0) throw new ArgumentException($"node {nodes[link.Child].Name} has two links to its parent");
            uplink[link.Child] = l;
        }
        var devices = new List<int>();
        var paths = new List<NodePath>();
        _pathOfNode = new int[nodes.Count];
        Array.Fill(_pathOfNode, -1);
        int depth = -1;
        for (int n = 0; n < nodes.Count; n++)
        {
            if (nodes[n].Parent >= 0 && uplink[n] < 0) throw new ArgumentException($"node {nodes[n].Name} has no link to its parent");
            if (sensor[n] < 0) continue;
            var pathNodes = new List<int>();
            var pathLinks = new List<int> { sensor[n] };
            for (int at = n; at >= 0; at = nodes[at].Parent)
            {
                if (pathNodes.Count > nodes.Count) throw new ArgumentException($"the parents of node {nodes[n].Name} form a cycle");
                pathNodes.Add(at);
                if (nodes[at].Parent >= 0) pathLinks.Add(uplink[at]);
            }
            if (depth < 0) depth = pathNodes.Count;
            else if (pathNodes.Count != depth)
                throw new ArgumentException($"device {nodes[n].Name} is {pathNodes.Count} nodes from its root where the first device is {depth}: every device needs the same number of tiers");
            _pathOfNode[n] = paths.Count;
            devices.Add(n);
            paths.Add(new NodePath(n, pathNodes.ToArray(), pathLinks.ToArray()));
        }
        if (devices.Count == 0) throw new ArgumentException("no device: a device is a node with a sensor link");
        Devices = devices;
        Paths = paths;
        TierCount = depth;
        IsChain = devices.Count == 1 && paths[0].IsIdentity && nodes.Count == depth;
    }

    /// <summary>Nodes on a device's path (the same for every device): stages a model can run in, PartitionPoints' tier count.</summary>
    public int TierCount { get; }

    public int NodeCount => Nodes.Count;

    /// <summary>True for one device whose node and link indices equal the tier positions (the thesis's world).</summary>
    public bool IsChain { get; }

    /// <summary>The path of a model bound to a device; a model bound to none runs on the first device's path.</summary>
    public NodePath PathOf(ModelSpec model) => model.Path ?? Paths[0];

    /// <summary>The path of device node `node` (-1 when it has no sensor).</summary>
    public int PathIndexOfNode(int node) => _pathOfNode[node];

    /// <summary>
    /// One sensor link shared by every model of a device (the frames of all its models queue on it)
    /// instead of one per model (docs/controller.md, "Sensors"). Off by default; a sensitivity
    /// condition of the former model.
    /// </summary>
    public bool SharedSensorLink { get; init; }

    public int TierIndex(string name)
    {
        for (int i = 0; i < Nodes.Count; i++)
            if (string.Equals(Nodes[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>The thesis's testbed: Upboard, NUC, PC; Bluetooth, WiFi, broadband (slides, "Evaluation Setup").</summary>
    public static Topology Thesis() => new(
        [new TierSpec("device", 3, 4), new TierSpec("edge", 3, 2), new TierSpec("cloud", 7, 4)],
        [new LinkSpec("sensor_device", 1e6, 0.001, 0), new LinkSpec("device_edge", 24e6, 0.003, 0), new LinkSpec("edge_cloud", 40e6, 0.005, 0)]);
}
