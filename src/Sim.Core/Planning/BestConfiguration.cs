namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>
/// The best configuration seen so far while a planner walks the partitions of one instance, kept in
/// reusable arrays: candidates are offered by value and the winner goes straight to PlanAssembler, so
/// walking thousands of models allocates nothing per model or per improvement.
/// </summary>
internal sealed class BestConfiguration
{
    private int[] _exits = [];
    private double[] _latency = [];
    private int _tasks;

    public PartitionPoints? Cuts { get; private set; }
    public int Served { get; private set; }
    public double LatencySumS { get; private set; }
    public int Mask { get; private set; }
    public ReadOnlySpan<int> Exits => _exits.AsSpan(0, _tasks);
    public ReadOnlySpan<double> LatencyS => _latency.AsSpan(0, _tasks);

    public bool Found => Cuts is not null;

    public void Reset(int tasks)
    {
        // Grow only: instances alternate between 1..3 tasks, and resizing each time would allocate per model.
        if (_exits.Length < tasks)
        {
            _exits = new int[tasks];
            _latency = new double[tasks];
        }
        _tasks = tasks;
        Cuts = null;
    }

    /// <summary>
    /// Offer with the tier mask computed only when it is needed: Configuration.Better reads the
    /// mask only when served and latency tie, so the mask of a candidate is worked out for such a
    /// tie or when the candidate is kept (the greedy planners offer every partition of every instance).
    /// </summary>
    public void Offer(PartitionPoints cuts, int served, double latencySumS, int tiers, int deepestExit, ReadOnlySpan<int> exits, ReadOnlySpan<double> latencyS)
    {
        int mask = -1;
        if (Cuts is not null)
        {
            if (served == Served && latencySumS == LatencySumS) mask = TierUsage.Mask(cuts, tiers, deepestExit);
            // Where served or latency differ, Better decides without looking at the mask.
            if (!Configuration.Better(served, latencySumS, mask, Served, LatencySumS, Mask)) return;
        }
        if (mask < 0) mask = TierUsage.Mask(cuts, tiers, deepestExit);
        Keep(cuts, served, latencySumS, mask, exits, latencyS);
    }

    /// <summary>Keeps the candidate if it ranks above the incumbent (Configuration.Better's order).</summary>
    public void Offer(PartitionPoints cuts, int served, double latencySumS, int mask, ReadOnlySpan<int> exits, ReadOnlySpan<double> latencyS)
    {
        if (Cuts is not null && !Configuration.Better(served, latencySumS, mask, Served, LatencySumS, Mask)) return;
        Keep(cuts, served, latencySumS, mask, exits, latencyS);
    }

    private void Keep(PartitionPoints cuts, int served, double latencySumS, int mask, ReadOnlySpan<int> exits, ReadOnlySpan<double> latencyS)
    {
        Cuts = cuts;
        Served = served;
        LatencySumS = latencySumS;
        Mask = mask;
        exits.CopyTo(_exits);
        latencyS.CopyTo(_latency);
    }
}
