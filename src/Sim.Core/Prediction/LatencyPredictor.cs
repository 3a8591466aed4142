namespace T2CSim.Core.Prediction;

using T2CSim.Core.Domain;

/// <summary>Predicted latency of one task at one exit under one partition, split by where it is spent.</summary>
/// <param name="ComputeS">Per tier (position on the model's path): scaled compute latency of the backbone layers and exit head run there.</param>
/// <param name="TransmitS">Per link: transfer time Z / (0.9 (b - n)) plus propagation, 0 where not crossed.</param>
/// <param name="ExitTier">The tier that runs the exit head.</param>
public sealed record LatencyBreakdown(double[] ComputeS, double[] TransmitS, int ExitTier)
{
    public double TotalS => ComputeS.Sum() + TransmitS.Sum();
}

/// <summary>
/// The latency model of the slides ("Performance Prediction"). For model m, task t, exit x reading
/// position L and partition points (p, p'):
///   compute  = sum_{l=1}^{min(p,L)} tau Y(l) + sum_{l=min(p,L)+1}^{min(p',L)} tau' Y'(l)
///            + sum_{l=min(p',L)+1}^{L} tau'' Y''(l) + the exit head Ŷ on the tier that runs position L;
///   transmit = on every link the data crosses, Z / (0.9 (b - n)) + propagation, where Z is the
///              output of the last position before the link (the raw input when nothing ran yet),
///              times the link's scaling factor when the state carries them (an extension, off by default).
/// The raw input always crosses the sensor link. Generalised to any chain of tiers; see docs/model.md.
/// </summary>
public sealed class LatencyPredictor
{
    /// <summary>The slides' 0.9: room left on a link for background traffic.</summary>
    public const double Headroom = 0.9;

    private readonly Topology _topology;
    private readonly Dictionary<TaskSpec, double[]> _prefix = new(ReferenceEqualityComparer.Instance);
    private readonly Execution.TestbedDescription? _testbed;

    /// <param name="testbed">Execution-model terms added to each crossed link's transfer (TestbedDescription.PredictedHopS); null or ideal: the slides' formula alone.</param>
    public LatencyPredictor(Topology topology, ModelCatalog catalog, Execution.TestbedDescription? testbed = null)
    {
        _topology = topology;
        Catalog = catalog;
        _testbed = testbed is { IsIdeal: false } ? testbed : null;
        foreach (var model in catalog.Models)
            foreach (var task in model.Tasks)
                _prefix[task] = task.CumulativeLatencyS(topology.TierCount);
    }

    public Topology Topology => _topology;
    public ModelCatalog Catalog { get; }

    /// <summary>Lookup-table compute time of positions from..to (inclusive, 1-based) of a task on a tier, unscaled.</summary>
    public double LayerSum(TaskSpec task, int tier, int from, int to)
    {
        if (to < from) return 0;
        var p = _prefix[task];
        int row = tier * (task.Depth + 1);
        return p[row + to] - p[row + from - 1];
    }

    /// <summary>Total predicted latency in seconds; +infinity when a crossed link has no capacity left.</summary>
    public double Predict(ModelSpec model, TaskSpec task, ExitSpec exit, PartitionPoints cuts, NetworkState net, ReadOnlySpan<double> tau)
    {
        if (model.Path is { IsIdentity: false } path)
        {
            var (localNet, localTau) = LocalCached(net, tau, path);
            return Compose(_prefix[task], task.Depth + 1, exit, cuts, localTau, new LiveTransfer(model, task, localNet, _testbed));
        }
        return Compose(_prefix[task], task.Depth + 1, exit, cuts, tau, new LiveTransfer(model, task, net, _testbed));
    }

    // Per device path, the last projection made and what it was made from: hitchhiking predicts every
    // request of a device under the same link state (refreshed once per status period) and the same
    // scaling factors (compared by value along the path: they change only when a stage reports).
    private readonly Dictionary<NodePath, (NetworkState Net, NetworkState LocalNet, double[] LocalTau)> _local = new(ReferenceEqualityComparer.Instance);

    private (NetworkState, double[]) LocalCached(NetworkState net, ReadOnlySpan<double> tau, NodePath path)
    {
        lock (_local)
        {
            if (_local.TryGetValue(path, out var c) && ReferenceEquals(c.Net, net) && TauEquals(c.LocalTau, tau, path)) return (c.LocalNet, c.LocalTau);
            var entry = (net, Local(net, path), Local(tau, path));
            _local[path] = entry;
            return (entry.Item2, entry.Item3);
        }
    }

    private static bool TauEquals(double[] local, ReadOnlySpan<double> tau, NodePath path)
    {
        for (int k = 0; k < local.Length; k++)
            if (local[k] != tau[path.Nodes[k]]) return false;
        return true;
    }

    /// <summary>
    /// The links of a device's path as the predictor's tiers see them: link k of the state is the path's
    /// Links[k]. Network states and scaling factors are kept per topology link and node; the slides'
    /// formula reads them per position along the path (docs/topology.md).
    /// </summary>
    public static NetworkState Local(NetworkState net, NodePath path)
    {
        int n = path.Links.Length;
        var local = new NetworkState(new double[n], new double[n], new double[n]);
        for (int k = 0; k < n; k++)
        {
            int l = path.Links[k];
            local.CapacityBps[k] = net.CapacityBps[l];
            local.ThroughputBps[k] = net.ThroughputBps[l];
            local.PropagationS[k] = net.PropagationS[l];
        }
        if (net.TransferFactor is { } f) local = local.WithTransferFactors(path.Links.Select(l => f[l]).ToArray());
        if (net.ResultWallS is { } r) local = local.WithResultWalls(path.Nodes.Select(node => r[node]).ToArray());
        return local;
    }

    /// <summary>Per-node scaling factors read along a path (tau of stage k: the factor of node Nodes[k]).</summary>
    public static double[] Local(ReadOnlySpan<double> tau, NodePath path)
    {
        var local = new double[path.Nodes.Length];
        for (int k = 0; k < local.Length; k++) local[k] = tau[path.Nodes[k]];
        return local;
    }

    /// <summary>
    /// The same predictions for one task under one link state and scaling factors, with the transfer
    /// times of every cut position precomputed: for planners, which predict every partition of every
    /// model in one call. Gives bit-identical results to Predict (same formula, same order of sums).
    /// </summary>
    public TaskLatencyTable Bind(ModelSpec model, TaskSpec task, NetworkState net, double[] tau) =>
        new(BindInto(model, task, net, tau, new double[TransferLength(task)], 0));

    /// <summary>Buffer length BindInto needs for a task: one transfer time per link and cut position.</summary>
    internal int TransferLength(TaskSpec task) => _topology.TierCount * (task.Depth + 1);

    /// <summary>Bind, writing the transfer times into transfer[offset .. offset + TransferLength(task)).</summary>
    internal BoundTaskLatency BindInto(ModelSpec model, TaskSpec task, NetworkState net, double[] tau, double[] transfer, int offset)
    {
        if (model.Path is { IsIdentity: false } path)
        {
            net = Local(net, path);
            tau = Local(tau, path);
        }
        int links = _topology.TierCount, positions = task.Depth + 1;
        // Planners bind every task of every instance: the bandwidth left on each link is computed
        // once per link and the output size once per position (same arithmetic as Transfer).
        Span<double> free = links <= 16 ? stackalloc double[links] : new double[links];
        for (int k = 0; k < links; k++) free[k] = FreeBps(net.CapacityBps[k], net.ThroughputBps[k]);
        var pathBytes = task.PathOutputBytes;
        for (int p = 0; p < positions; p++)
        {
            long bytes = p == 0 ? model.InputBytes : pathBytes[p - 1]; // OutputBytes without the interface call
            for (int k = 0; k < links; k++)
                transfer[offset + k * positions + p] = Scaled(TransferTime(bytes, free[k], net.PropagationS[k]), net, k) + Hop(_testbed, k, bytes, free[k], net);
        }
        // The task's own table rather than _prefix[task]: the same arrays, without a lookup per task.
        return new BoundTaskLatency(task.CumulativeLatencyS(links), transfer, offset, positions, tau);
    }

    /// <summary>Transfer time over link `link` of the data cut after `position` (0: the raw input).</summary>
    internal interface ITransferTime
    {
        double Time(int link, int position);
    }

    private readonly struct LiveTransfer(ModelSpec model, TaskSpec task, NetworkState net, Execution.TestbedDescription? testbed) : ITransferTime
    {
        public double Time(int link, int position)
        {
            long bytes = OutputBytes(model, task, position);
            return Transfer(bytes, net, link) + Hop(testbed, link, bytes, FreeBps(net.CapacityBps[link], net.ThroughputBps[link]), net);
        }
    }

    /// <summary>
    /// The testbed's per-hop terms on link k (0 in the ideal world); one place: TestbedDescription.PredictedHopS.
    /// The slides' headroom already stretched the serialisation by 1/0.9: what that added is the allowance
    /// the wire's measured overhead is counted against, so the two are not both paid (docs/validation.md, "Round 10").
    /// </summary>
    private static double Hop(Execution.TestbedDescription? testbed, int link, long bytes, double freeBps, NetworkState net)
    {
        if (testbed is null) return 0;
        double rawFreeBps = freeBps / Headroom;
        double allowanceS = freeBps > 0 ? Scaled(bytes * 8.0 / freeBps - bytes * 8.0 / rawFreeBps, net, link) : 0; // as the transfer it is part of
        return testbed.PredictedHopS(link, bytes, rawFreeBps, net.ResultWallS, allowanceS);
    }

    /// <summary>Whether predictions count a testbed's execution-model terms (then the controller learns the result's return: ResultReturns).</summary>
    public bool HasTestbed => _testbed is not null;

    /// <summary>
    /// The slides' formula, once: generic over where transfer times come from so that Predict and
    /// TaskLatencyTable share it (the JIT specialises each struct, so there is no indirection).
    /// </summary>
    internal static double Compose<TTransfer>(double[] prefix, int stride, ExitSpec exit, PartitionPoints cuts, ReadOnlySpan<double> tau, in TTransfer transfer)
        where TTransfer : struct, ITransferTime
    {
        // prefix holds one row of `stride` prefix sums per tier (TaskSpec.CumulativeLatencyS).
        int l = exit.After;
        int exitTier = cuts.TierOf(l);
        double total = transfer.Time(0, 0);
        int prev = 0;
        for (int k = 0, row = 0; k <= exitTier && row < prefix.Length; k++, row += stride)
        {
            int end = Math.Min(cuts.End(k), l);
            if (k > 0) total += transfer.Time(k, prev);
            if (end > prev) total += tau[k] * (prefix[row + end] - prefix[row + prev]);
            prev = Math.Max(prev, end);
        }
        total += tau[exitTier] * exit.LatencyS[exitTier];
        return total;
    }

    /// <summary>The same prediction, split per tier and per link (for logs, scaling factors and reports); what runs where is the job's <see cref="StagePlan"/>.</summary>
    public LatencyBreakdown Breakdown(ModelSpec model, TaskSpec task, ExitSpec exit, PartitionPoints cuts, NetworkState net, ReadOnlySpan<double> tau)
    {
        if (model.Path is { IsIdentity: false } path)
        {
            net = Local(net, path);
            tau = Local(tau, path);
        }
        int tiers = _topology.TierCount;
        var compute = new double[tiers];
        var transmit = new double[tiers];
        var tasks = new[] { (task, exit) };
        var plan = StagePlan.Of(model, tasks, cuts);
        for (int k = 0; k <= plan.LastTier; k++)
        {
            long bytes = plan.BytesCrossing(model, tasks, k);
            transmit[k] = Transfer(bytes, net, k) + Hop(_testbed, k, bytes, FreeBps(net.CapacityBps[k], net.ThroughputBps[k]), net);
            var (from, to) = plan.Positions(0, k);
            if (to >= from) compute[k] = tau[k] * LayerSum(task, k, from, to);
        }
        int exitTier = plan.ExitTier(0);
        compute[exitTier] += tau[exitTier] * exit.LatencyS[exitTier];
        return new LatencyBreakdown(compute, transmit, exitTier);
    }

    /// <summary>Bytes that cross a cut made after `position` (0: the raw input).</summary>
    public static long OutputBytes(ModelSpec model, TaskSpec task, int position) => StagePlan.OutputBytes(model, task, position);

    /// <summary>Transfer time of `bytes` over link k: Z / (0.9 (b - n)) plus propagation.</summary>
    public static double TransferTime(long bytes, double capacityBps, double throughputBps, double propagationS) =>
        TransferTime(bytes, FreeBps(capacityBps, throughputBps), propagationS);

    /// <summary>The slides' 0.9 (b - n): the bandwidth a model's transfer may use.</summary>
    private static double FreeBps(double capacityBps, double throughputBps) => Headroom * (capacityBps - throughputBps);

    private static double TransferTime(long bytes, double freeBps, double propagationS) =>
        freeBps <= 0 ? double.PositiveInfinity : bytes * 8.0 / freeBps + propagationS;

    private static double Transfer(long bytes, NetworkState net, int link) =>
        Scaled(TransferTime(bytes, net.CapacityBps[link], net.ThroughputBps[link], net.PropagationS[link]), net, link);

    /// <summary>Link scaling (docs/model.md): tau_link x the transfer time; untouched when the state has no factors.</summary>
    private static double Scaled(double transferS, NetworkState net, int link) =>
        net.TransferFactor is { } f ? f[link] * transferS : transferS;

    /// <summary>The unscaled transfer time of `bytes` over link k in this state (what a link scaling log divides by).</summary>
    public static double UnscaledTransfer(long bytes, NetworkState net, int link) =>
        TransferTime(bytes, net.CapacityBps[link], net.ThroughputBps[link], net.PropagationS[link]);

    /// <summary>Scaling factors of 1 on every tier: the lookup table taken as it is.</summary>
    public double[] UnitTau() => Enumerable.Repeat(1.0, _topology.NodeCount).ToArray();
}
