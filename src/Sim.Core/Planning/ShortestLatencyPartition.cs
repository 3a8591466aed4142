namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;
using T2CSim.Core.Prediction;

/// <summary>
/// The partition points with the shortest predicted latency for one task at a fixed exit, among the
/// partitions whose tiers all have a free slot (ties: fewer slots, then enumeration order) — the
/// partitioning rule of Neurosurgeon and Edgent, which look at latency, not at served requests.
/// One object per planning call: Bind reuses its transfer-time buffer for each instance.
/// </summary>
internal sealed class ShortestLatencyPartition(LatencyPredictorView view)
{
    /// <summary>A partition found for an exit: its cuts, predicted latency, tiers, and the requests it serves.</summary>
    public readonly record struct Choice(PartitionPoints Cuts, double LatencyS, int Mask, int Served);

    private double[] _transfer = [];
    private BoundTaskLatency _table;
    private TaskDemand _task;
    private int _maxDepth;

    /// <summary>Points the search at a single-task instance (NEU and Edgent instances have one task).</summary>
    public void Bind(in InstanceDemand demand)
    {
        _task = demand.Tasks[0];
        _maxDepth = demand.MaxDepth;
        _table = view.BindInto(demand.Model, _task.Task, ref _transfer, 0);
    }

    /// <returns>False when no partition fits the free slots; else the choice, whatever it serves.</returns>
    public bool TryFind(int exit, ReadOnlySpan<int> free, out Choice choice)
    {
        var spec = _task.Task.Exits[exit];
        int tiers = view.TierCount;
        PartitionPoints? bestCuts = null;
        double bestLatency = double.PositiveInfinity;
        int bestMask = 0;
        foreach (var cuts in PartitionCandidates.For(tiers, _maxDepth))
        {
            if (spec.After > TierUsage.DeepestAllowedExit(cuts, tiers, free)) continue;
            double latency = _table.Predict(spec, cuts);
            // The tiers are needed only to keep the candidate or to break a tie: a slower one is
            // dropped before they are worked out (most partitions of most instances are slower).
            if (bestCuts is not null && latency > bestLatency) continue;
            int mask = TierUsage.Mask(cuts, tiers, spec.After);
            if (bestCuts is not null && latency == bestLatency && TierUsage.SlotCount(mask) >= TierUsage.SlotCount(bestMask)) continue;
            (bestCuts, bestLatency, bestMask) = (cuts, latency, mask);
        }
        choice = bestCuts is null ? default : new Choice(bestCuts, bestLatency, bestMask, _task.Count(exit, bestLatency));
        return bestCuts is not null;
    }

    public static void Take(int[] free, int mask)
    {
        for (int k = 0; k < free.Length; k++)
            if ((mask >> k & 1) != 0) free[k]--;
    }
}
