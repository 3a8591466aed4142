namespace T2CSim.Core.Controller;

using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using T2CSim.Core.Prediction;

/// <summary>
/// The slides' resource monitor: holds what the agents report and what the controller has deployed.
/// The deployed models and the slots they hold on each tier (with the extra slots a switching
/// reconfiguration reserves); the links (capacity and measured throughput) from the status reports;
/// which tiers are lost (an agent stopped answering) or restored; and the runtime logs of each tier's
/// stages and each link's transfers, from which the scaling factors are learned.
/// </summary>
public sealed class ResourceMonitor
{
    private readonly Topology _topology;
    private readonly InsertionOrderedSet<Deployment> _deployments = new();
    private readonly int[] _slotsUsed;

    /// <summary>A monitor with the default scaling window (ControllerSettings.ScalingWindowS).</summary>
    public ResourceMonitor(Topology topology) : this(topology, new ControllerSettings()) { }

    /// <param name="learnResultReturns">Log each result's return (ResultReturns): when predictions count a testbed's terms.</param>
    public ResourceMonitor(Topology topology, ControllerSettings settings, bool learnResultReturns = false)
    {
        _topology = topology;
        _slotsUsed = new int[topology.NodeCount];
        Reach = new PathReach(topology);
        Network = NetworkState.FromTopology(topology);
        ScalingFactors = new ScalingFactors(topology.NodeCount, settings.ScalingWindowS);
        LinkFactors = new ScalingFactors(topology.Links.Count, settings.ScalingWindowS);
        if (learnResultReturns) ResultReturns = new ResultReturns(topology.NodeCount, settings.ScalingWindowS);
    }

    /// <summary>Per node: measured stage runtime / lookup-table compute over the window (the slides' tau).</summary>
    public ScalingFactors ScalingFactors { get; }
    /// <summary>Per link: measured transfer / predicted transfer over the window. Always logged; used only with LinkScaling.</summary>
    public ScalingFactors LinkFactors { get; }

    /// <summary>Per node: the median result return over the window (with a testbed description only; null: not learned).</summary>
    public ResultReturns? ResultReturns { get; }

    /// <summary>A result of a stage on `node` reached the controller `wallS` after the stage ended.</summary>
    internal void RecordResult(double nowS, int node, double wallS) => ResultReturns?.Record(nowS, node, wallS);

    /// <summary>A tier finished its part of a job: `lookupS` is what the table says, `runtimeS` what it took.</summary>
    internal void RecordStage(double nowS, int node, double lookupS, double runtimeS) => ScalingFactors.Record(nowS, node, lookupS, runtimeS);

    /// <summary>
    /// A job's data crossed a link: compared with what the predictor made of those bytes under the link
    /// state the job started with. Readings the factor cannot use (unknown link, no finite time) are dropped.
    /// </summary>
    internal void RecordTransfer(double nowS, NetworkState network, int link, long bytes, double measuredS)
    {
        if (link < 0 || link >= LinkFactors.Length || !(measuredS >= 0) || !double.IsFinite(measuredS)) return;
        double predicted = LatencyPredictor.UnscaledTransfer(bytes, network, link);
        if (double.IsFinite(predicted)) LinkFactors.Record(nowS, link, predicted, measuredS);
    }

    /// <summary>Link state as of the last status report: what every prediction uses.</summary>
    public NetworkState Network { get; private set; }

    public IReadOnlyList<Deployment> Deployments => _deployments;

    public Topology Topology => _topology;

    // The same deployments by model (instance) name, in deployment order: hitchhiking looks at the
    // deployments of the request's model only, so a request costs O(its model's deployments), not
    // O(every deployment of a continuum of thousands of devices).
    private readonly Dictionary<string, List<Deployment>> _byModel = new(StringComparer.Ordinal);

    /// <summary>The deployments of model `model`, in the order of Deployments.</summary>
    public IReadOnlyList<Deployment> DeploymentsOf(string model) => _byModel.TryGetValue(model, out var list) ? list : [];

    public int[] FreeSlots()
    {
        var free = new int[_topology.NodeCount];
        // Every job enters at the first tier and crosses each tier up to the last it computes on, so in
        // the chain a lost tier also takes away the slots of every tier behind it (they can no longer be
        // reached). In a tree a lost node loses its own slots here; the nodes behind it are lost only to
        // the paths through it, which each instance sees through Reach (PathSlots).
        bool cut = false;
        var nodes = _topology.Nodes;
        for (int k = 0; k < free.Length; k++)
        {
            bool lost = Reach.IsNodeLost(k);
            cut = _topology.IsChain ? cut | lost : lost;
            free[k] = cut ? 0 : nodes[k].Slots - _slotsUsed[k];
        }
        return free;
    }

    /// <summary>The lost nodes and links: where each device's path is cut (docs/topology.md, "Outages on a tree").</summary>
    public PathReach Reach { get; }

    public int SlotsUsed(int node) => _slotsUsed[node];

    internal void Add(Deployment deployment)
    {
        foreach (var k in deployment.Nodes)
        {
            if (_slotsUsed[k] >= _topology.Tiers[k].Slots)
                throw new InvalidOperationException($"deployment {deployment} needs a slot on {_topology.Tiers[k].Name}, which has none left");
            _slotsUsed[k]++;
        }
        _deployments.Add(deployment);
        if (!_byModel.TryGetValue(deployment.Model.Name, out var list)) _byModel[deployment.Model.Name] = list = [];
        list.Add(deployment);
    }

    internal void Remove(Deployment deployment)
    {
        if (!_deployments.Remove(deployment)) return;
        _byModel[deployment.Model.Name].Remove(deployment);
        foreach (var k in deployment.Nodes) _slotsUsed[k]--;
        ReleaseReserve(deployment);
    }

    // Extra slots a switching reconfiguration holds for the new partitions while the old ones serve.
    private readonly Dictionary<Deployment, int[]> _reserved = new(ReferenceEqualityComparer.Instance);

    /// <summary>Whether every node of `deployment`'s path at `tiers` has a free slot (switching's second partition).</summary>
    internal bool CanReserve(Deployment deployment, IReadOnlyList<int> tiers)
    {
        var free = FreeSlots();
        foreach (var k in tiers) if (free[deployment.NodeAt(k)] <= 0) return false;
        return true;
    }

    /// <summary>Takes one slot on each of `tiers` for `deployment` until ReleaseReserve; false (nothing taken) when one has none free.</summary>
    internal bool TryReserve(Deployment deployment, IReadOnlyList<int> tiers)
    {
        if (_reserved.ContainsKey(deployment) || !CanReserve(deployment, tiers)) return false;
        var held = tiers.Select(deployment.NodeAt).ToArray();
        foreach (var k in held) _slotsUsed[k]++;
        _reserved[deployment] = held;
        return true;
    }

    /// <summary>Frees the slots TryReserve took for `deployment` (no-op when none).</summary>
    internal void ReleaseReserve(Deployment deployment)
    {
        if (!_reserved.Remove(deployment, out var held)) return;
        foreach (var k in held) _slotsUsed[k]--;
    }

    /// <summary>A tier whose agent stopped answering offers no slots any more.</summary>
    internal void MarkLost(int tier) => Reach.SetNode(tier, true);

    /// <summary>A lost tier's agent registered again: its slots are offered again.</summary>
    internal void MarkRestored(int tier) => Reach.SetNode(tier, false);

    public bool IsLost(int tier) => Reach.IsNodeLost(tier);

    /// <summary>A link of a tree is down: the paths through it are cut from the position it leads to.</summary>
    internal void MarkLinkLost(int link) => Reach.SetLink(link, true);

    /// <summary>A lost link carries data again.</summary>
    internal void MarkLinkRestored(int link) => Reach.SetLink(link, false);

    /// <summary>
    /// Takes in a status report: the links as the agents measure them now. The new snapshot shares the
    /// previous one's arrays where the report repeats them (capacities and propagation delays change only
    /// with a scenario's events): at 20,100 links each array is 160 KB on the large object heap, and one
    /// report a second made three of them, most of the full GCs of a 10,000-device run (docs/topology.md,
    /// "Scale"). Snapshots are never written once made, so sharing an array is the same as copying it.
    /// </summary>
    internal void Refresh(IReadOnlyList<LinkReading> links)
    {
        var previous = Network;
        Network = new NetworkState(
            Reported(previous.CapacityBps, links, static l => l.CapacityBps),
            Reported(previous.ThroughputBps, links, static l => l.ThroughputBps),
            Reported(previous.PropagationS, links, static l => l.PropagationS));
    }

    /// <summary>One field of every link in the report: the previous array if the report repeats it bit for bit, else a new one.</summary>
    private static double[] Reported(double[] previous, IReadOnlyList<LinkReading> links, Func<LinkReading, double> field)
    {
        int n = links.Count;
        int k = 0;
        if (previous.Length == n)
            while (k < n && BitConverter.DoubleToInt64Bits(previous[k]) == BitConverter.DoubleToInt64Bits(field(links[k]))) k++;
        if (k == n) return previous;
        var values = new double[n];
        Array.Copy(previous, values, k);
        for (; k < n; k++) values[k] = field(links[k]);
        return values;
    }
}
