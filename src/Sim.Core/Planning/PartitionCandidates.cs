namespace T2CSim.Core.Planning;

using System.Collections.Concurrent;
using T2CSim.Core.Domain;

/// <summary>
/// Every partition of positions 0..depth over a chain of tiers, enumerated once per (tiers, depth) and
/// shared: PartitionPoints is immutable, and planners walk these lists for every instance they plan.
/// The order is PartitionPoints.All's (lexicographic), which planners use as their last tie-break.
/// </summary>
internal static class PartitionCandidates
{
    private static readonly ConcurrentDictionary<(int Tiers, int Depth), PartitionPoints[]> Cache = new();

    public static PartitionPoints[] For(int tiers, int depth) =>
        Cache.GetOrAdd((tiers, depth), static key => PartitionPoints.All(key.Tiers, key.Depth).ToArray());
}
