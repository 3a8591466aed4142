namespace T2CSim.Core.Planning;

/// <summary>
/// For one instance, the best configuration for each set of tiers it could occupy (bit mask → best by
/// Configuration.Better). The exact optimum over all plans needs nothing more per instance: any plan
/// using configuration C can swap it for the best configuration with the same tiers without breaking a
/// slot constraint or serving fewer requests.
/// </summary>
internal sealed class ConfigurationFrontier
{
    public InstanceDemand Demand { get; }
    /// <summary>Index = tier mask; null where no configuration occupies exactly those tiers and serves someone.</summary>
    public Configuration?[] ByMask { get; }

    private ConfigurationFrontier(InstanceDemand demand, Configuration?[] byMask)
    {
        Demand = demand;
        ByMask = byMask;
    }

    /// <summary>
    /// Enumerates every partition and, for each, every bound on the deepest exit run (each task then
    /// takes its best exit up to the bound, or none). For a configuration whose deepest exit is b, the
    /// pass with bound b finds one serving at least as many on a subset of its tiers, so the frontier
    /// dominates every configuration.
    /// </summary>
    /// <param name="evaluator">A BestCount evaluator, reused across instances.</param>
    public static ConfigurationFrontier Build(in InstanceDemand demand, ConfigurationEvaluator evaluator, int tiers, ReadOnlySpan<int> free)
    {
        var byMask = new Configuration?[1 << tiers];
        evaluator.Reset(demand);
        var bounds = ExitDepths(demand);
        foreach (var cuts in PartitionCandidates.For(tiers, demand.MaxDepth))
        {
            int deepestAllowed = TierUsage.DeepestAllowedExit(cuts, tiers, free);
            foreach (int bound in bounds)
            {
                if (bound > deepestAllowed) break;
                evaluator.Evaluate(cuts, bound);
                if (evaluator.Served == 0) continue;
                int mask = TierUsage.Mask(cuts, tiers, evaluator.DeepestExit);
                if (Configuration.Better(evaluator.Served, evaluator.LatencySumS, mask, byMask[mask]))
                    byMask[mask] = evaluator.Snapshot(cuts, tiers);
            }
        }
        return new ConfigurationFrontier(demand, byMask);
    }

    private static int[] ExitDepths(in InstanceDemand demand)
    {
        var depths = new SortedSet<int>();
        foreach (var t in demand.Tasks)
            foreach (var x in t.Task.Exits) depths.Add(x.After);
        return depths.ToArray();
    }
}
