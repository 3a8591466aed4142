namespace T2CSim.Experiments.Validation;

using T2CSim.Experiments.Results;

/// <summary>What one replication of the simulated run gave one row of the suite: its arrivals, how many were served, the latencies of those that ran.</summary>
public sealed record ReplicationOutcome(int Arrived, int Served, IReadOnlyList<double> RanLatenciesS);

/// <summary>
/// The simulator's prediction for one row as an estimate, not one draw (docs/validation.md, "The simulated
/// side as an estimate"): K replications of the simulated run share the arrivals and draw their execution
/// apart; their latencies are pooled into one sample (its median and p95: the distribution the model implies
/// for these arrivals), ran and served are the replications' means, so the satisfied ratio is
/// mean served / arrived, the pooled share of served requests.
/// </summary>
public sealed record PooledEstimate(int Replications, int Arrived, double MeanRan, double MeanServed, double MedianS, double P95S)
{
    public static PooledEstimate Of(IReadOnlyList<ReplicationOutcome> replications)
    {
        if (replications.Count == 0) throw new ArgumentException("an estimate needs at least one replication", nameof(replications));
        int arrived = replications[0].Arrived;
        // The replications share their arrivals (the suite checks it request by request): a row of unequal ones is a bug.
        if (replications.Any(r => r.Arrived != arrived))
            throw new InvalidOperationException($"replications saw {string.Join("/", replications.Select(r => r.Arrived))} arrivals: they must share them");
        var pooled = replications.SelectMany(r => r.RanLatenciesS).ToList();
        return new PooledEstimate(replications.Count, arrived,
            replications.Average(r => (double)r.RanLatenciesS.Count), replications.Average(r => (double)r.Served),
            ValidationTable.Median(pooled), SuiteRow.Quantile(pooled, 0.95));
    }
}
