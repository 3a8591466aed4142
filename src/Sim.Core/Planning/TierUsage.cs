namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>
/// Which tiers a configuration occupies, as a bit mask (bit k = tier k). A tier needs a slot when it runs
/// at least one backbone layer or exit head; with shared cuts, the tiers a multi-task instance occupies
/// are exactly those running some position in 1..(deepest exit it runs), because Runs is monotone in
/// the exit position.
/// </summary>
internal static class TierUsage
{
    public static int Mask(PartitionPoints cuts, int tiers, int deepestExit)
    {
        int mask = 0;
        for (int k = 0; k < tiers; k++)
            if (cuts.Runs(k, deepestExit)) mask |= 1 << k;
        return mask;
    }

    /// <summary>
    /// The deepest exit position a configuration with these cuts may read without needing a tier that
    /// has no free slot: one before the first non-empty tier without a slot (int.MaxValue when none).
    /// </summary>
    public static int DeepestAllowedExit(PartitionPoints cuts, int tiers, ReadOnlySpan<int> freeSlots)
    {
        for (int k = 0; k < tiers; k++)
            if (freeSlots[k] <= 0 && cuts.Start(k) <= cuts.End(k)) return cuts.Start(k) - 1;
        return int.MaxValue;
    }

    public static int SlotCount(int mask) => System.Numerics.BitOperations.PopCount((uint)mask);

    /// <summary>
    /// The tiers of a mask in increasing order. One shared array per mask (a plan lists them for every
    /// deployment, so thousands of identical small arrays per call otherwise); callers only read them,
    /// as ModelDeployment.TiersUsed is an IReadOnlyList.
    /// </summary>
    public static int[] Tiers(int mask) => (uint)mask < (uint)TiersByMask.Length ? TiersByMask[mask] : TiersOf(mask);

    private static readonly int[][] TiersByMask = Enumerable.Range(0, 1 << 8).Select(TiersOf).ToArray();

    private static int[] TiersOf(int mask)
    {
        var tiers = new int[SlotCount(mask)];
        for (int k = 0, i = 0; mask >> k != 0; k++)
            if ((mask >> k & 1) != 0) tiers[i++] = k;
        return tiers;
    }
}
