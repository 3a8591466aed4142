namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>
/// The partition points with the shortest predicted latency for one task at a fixed exit, among the
/// partitions whose tiers all have a free slot (ties: fewer slots, then enumeration order) — the
/// partitioning rule of Neurosurgeon and Edgent, which look at latency, not at served requests.
/// </summary>
internal static class ShortestLatencyPartition
{
    /// <returns>The configuration (whatever it serves), or null when no partition fits the free slots.</returns>
    public static Configuration? Find(InstanceDemand demand, int exit, LatencyPredictorView view, ReadOnlySpan<int> free)
    {
        var task = demand.Tasks[0];
        var spec = task.Task.Exits[exit];
        int tiers = view.TierCount;
        var table = view.Bind(demand.Model, task.Task);
        PartitionPoints? bestCuts = null;
        double bestLatency = double.PositiveInfinity;
        int bestMask = 0;
        foreach (var cuts in PartitionCandidates.For(tiers, demand.MaxDepth))
        {
            if (spec.After > TierUsage.DeepestAllowedExit(cuts, tiers, free)) continue;
            double latency = table.Predict(spec, cuts);
            int mask = TierUsage.Mask(cuts, tiers, spec.After);
            if (bestCuts is not null && (latency > bestLatency ||
                (latency == bestLatency && TierUsage.SlotCount(mask) >= TierUsage.SlotCount(bestMask)))) continue;
            (bestCuts, bestLatency, bestMask) = (cuts, latency, mask);
        }
        if (bestCuts is null) return null;
        return new Configuration
        {
            Cuts = bestCuts,
            Exits = [exit],
            LatencyS = [bestLatency],
            Served = task.Count(exit, bestLatency),
            LatencySumS = bestLatency,
            Mask = bestMask,
        };
    }

    public static void Take(int[] free, int mask)
    {
        for (int k = 0; k < free.Length; k++)
            if ((mask >> k & 1) != 0) free[k]--;
    }
}
