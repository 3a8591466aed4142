namespace T2CSim.Core.Planning;

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
        Configuration? best = null;
        foreach (var cuts in PartitionCandidates.For(tiers, demand.MaxDepth))
        {
            if (spec.After > TierUsage.DeepestAllowedExit(cuts, tiers, free)) continue;
            double latency = view.Predict(demand.Model, task.Task, spec, cuts);
            int mask = TierUsage.Mask(cuts, tiers, spec.After);
            if (best is not null && (latency > best.LatencySumS ||
                (latency == best.LatencySumS && TierUsage.SlotCount(mask) >= TierUsage.SlotCount(best.Mask)))) continue;
            best = new Configuration
            {
                Cuts = cuts,
                Exits = [exit],
                LatencyS = [latency],
                Served = task.Count(exit, latency),
                LatencySumS = latency,
                Mask = mask,
            };
        }
        return best;
    }

    public static void Take(int[] free, int mask)
    {
        for (int k = 0; k < free.Length; k++)
            if ((mask >> k & 1) != 0) free[k]--;
    }
}
