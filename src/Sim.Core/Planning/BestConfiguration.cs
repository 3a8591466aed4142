namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>
/// The best configuration seen so far while a planner walks the partitions of one instance, kept in
/// reusable arrays: candidates are offered by value and only the winner becomes a Configuration
/// object, so walking thousands of models allocates per model, not per improvement.
/// </summary>
internal sealed class BestConfiguration
{
    private int[] _exits = [];
    private double[] _latency = [];
    private PartitionPoints? _cuts;
    private int _served, _mask;
    private double _latencySum;

    public bool Found => _cuts is not null;

    public void Reset(int tasks)
    {
        if (_exits.Length != tasks)
        {
            _exits = new int[tasks];
            _latency = new double[tasks];
        }
        _cuts = null;
    }

    /// <summary>Keeps the candidate if it ranks above the incumbent (Configuration.Better's order).</summary>
    public void Offer(PartitionPoints cuts, int served, double latencySumS, int mask, ReadOnlySpan<int> exits, ReadOnlySpan<double> latencyS)
    {
        if (_cuts is not null && !Configuration.Better(served, latencySumS, mask, _served, _latencySum, _mask)) return;
        _cuts = cuts;
        _served = served;
        _latencySum = latencySumS;
        _mask = mask;
        exits.CopyTo(_exits);
        latencyS.CopyTo(_latency);
    }

    public Configuration ToConfiguration() => new()
    {
        Cuts = _cuts ?? throw new InvalidOperationException("no configuration was found"),
        Exits = (int[])_exits.Clone(),
        LatencyS = (double[])_latency.Clone(),
        Served = _served,
        LatencySumS = _latencySum,
        Mask = _mask,
    };
}
