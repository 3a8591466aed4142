namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>
/// One way to deploy an instance: partition points and, per task, the exit it runs (-1: the task is
/// not run because it would serve nobody), with what the predictor says of it.
/// </summary>
internal sealed class Configuration
{
    public required PartitionPoints Cuts { get; init; }
    public required int[] Exits { get; init; }
    public required double[] LatencyS { get; init; }
    public required int Served { get; init; }
    /// <summary>Sum of the predicted latencies of the tasks run: the tie-break "lowest latency".</summary>
    public required double LatencySumS { get; init; }
    public required int Mask { get; init; }

    /// <summary>
    /// The order every planner ranks configurations by: more served, then lower latency, then fewer
    /// slots; a tie on all three keeps the one enumerated first (the caller's `incumbent`).
    /// </summary>
    public static bool Better(int served, double latencySumS, int mask, Configuration? incumbent) =>
        incumbent is null || Better(served, latencySumS, mask, incumbent.Served, incumbent.LatencySumS, incumbent.Mask);

    public static bool Better(int served, double latencySumS, int mask, int incumbentServed, double incumbentLatencySumS, int incumbentMask)
    {
        if (served != incumbentServed) return served > incumbentServed;
        if (latencySumS != incumbentLatencySumS) return latencySumS < incumbentLatencySumS;
        return TierUsage.SlotCount(mask) < TierUsage.SlotCount(incumbentMask);
    }
}
