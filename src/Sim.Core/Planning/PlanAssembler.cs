namespace T2CSim.Core.Planning;

using System.Buffers;
using T2CSim.Core.Domain;

/// <summary>
/// Turns chosen configurations into the public plan records (one place, for every planner). The plan
/// records are the only thing a planning call has to allocate per deployment; they are built at their
/// exact sizes, and which requests are served is marked in a pooled flag array indexed like the
/// input (instead of a HashSet of ids), so the unplaced list is one pass.
/// </summary>
internal sealed class PlanAssembler
{
    private readonly string _algorithm;
    private readonly IReadOnlyList<Request> _requests;
    private readonly int[] _slotsUsed;
    private readonly Topology _topology;
    private readonly List<ModelDeployment> _deployments;
    private readonly List<int> _ids = [];
    private bool[] _served;

    /// <param name="requests">The planner's input: the list the InstanceDemands were grouped from.</param>
    /// <param name="topology">Slots used are counted per node (an instance's tier k is its path's node k).</param>
    /// <param name="instances">How many instances the planner may deploy at most: the plan's list is made at that
    /// capacity once instead of growing by doubling (each step a copy, at 5,000 models ~90 KB per call).</param>
    public PlanAssembler(string algorithm, IReadOnlyList<Request> requests, Topology topology, int instances = 0)
    {
        _deployments = new List<ModelDeployment>(instances);
        _algorithm = algorithm;
        _requests = requests;
        _topology = topology;
        _slotsUsed = new int[topology.NodeCount];
        _served = ArrayPool<bool>.Shared.Rent(requests.Count);
        Array.Clear(_served, 0, requests.Count);
    }

    public void Add(in InstanceDemand demand, Configuration chosen) =>
        Add(demand, chosen.Cuts, chosen.Exits, chosen.LatencyS, chosen.Mask);

    public void Add(in InstanceDemand demand, PartitionPoints cuts, ReadOnlySpan<int> exits, ReadOnlySpan<double> latencyS, int mask)
    {
        _deployments.Add(ToDeployment(demand, cuts, exits, latencyS, mask, _ids, _served));
        var nodes = _topology.PathOf(demand.Model).Nodes;
        for (int k = 0; k < nodes.Length; k++)
            if ((mask >> k & 1) != 0) _slotsUsed[nodes[k]]++;
    }

    public DeploymentPlan Build()
    {
        // Request ids are unique in a planning input (the aggregator numbers them), so "served" by
        // input position is "served" by id.
        int unplacedCount = 0;
        for (int i = 0; i < _requests.Count; i++)
            if (!_served[i]) unplacedCount++;
        var unplaced = new int[unplacedCount];
        for (int i = 0, j = 0; i < _requests.Count; i++)
            if (!_served[i]) unplaced[j++] = _requests[i].Id;
        Array.Sort(unplaced);
        ArrayPool<bool>.Shared.Return(_served);
        _served = [];
        return new DeploymentPlan(_algorithm, _deployments, _slotsUsed, unplaced);
    }

    public static ModelDeployment ToDeployment(in InstanceDemand demand, Configuration chosen) =>
        ToDeployment(demand, chosen.Cuts, chosen.Exits, chosen.LatencyS, chosen.Mask, [], null);

    private static ModelDeployment ToDeployment(in InstanceDemand demand, PartitionPoints cuts, ReadOnlySpan<int> exits,
        ReadOnlySpan<double> latencyS, int mask, List<int> ids, bool[]? servedBySource)
    {
        int run = 0;
        foreach (int e in exits)
            if (e >= 0) run++;
        var tasks = new TaskAssignment[run];
        ids.Clear();
        for (int t = 0, i = 0; t < exits.Length; t++)
        {
            int e = exits[t];
            if (e < 0) continue;
            var task = demand.Tasks[t];
            tasks[i++] = new TaskAssignment(task.Task.Name, e, task.Task.Exits[e].Accuracy, latencyS[t]);
            task.CollectServed(e, latencyS[t], ids, servedBySource);
        }
        var served = ids.ToArray();
        Array.Sort(served);
        return new ModelDeployment(demand.Model.Name, cuts, tasks, TierUsage.Tiers(mask), served);
    }
}
