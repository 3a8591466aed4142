namespace T2CSim.Core.Metrics;

using T2CSim.Core.Controller;

/// <summary>
/// The requests of a run counted by outcome, each request once, from its typed cause. Missing both
/// requirements counts as missed for latency (the thesis's first requirement). Unserved requests are
/// split into never started (queued, waiting, rejected, expired, lost to a pause), unfinished (running
/// at the end, or given up by the world) and lost with a tier.
/// </summary>
public readonly record struct OutcomeCounts(int Served, int MissedLatency, int MissedAccuracy, int UnservedQueued, int UnservedUnfinished, int UnservedLost)
{
    public int Missed => MissedLatency + MissedAccuracy;
    public int Unserved => UnservedQueued + UnservedUnfinished + UnservedLost;
    /// <summary>Every request counted: arrived = served + missed + unserved.</summary>
    public int Total => Served + Missed + Unserved;

    public static OutcomeCounts Of(IEnumerable<RequestRecord> requests)
    {
        int served = 0, latency = 0, accuracy = 0, queued = 0, unfinished = 0, lost = 0;
        foreach (var r in requests)
        {
            switch (r.Cause)
            {
                case OutcomeCause.Served: served++; break;
                case OutcomeCause.MissedLatency or OutcomeCause.MissedLatencyAndAccuracy: latency++; break;
                case OutcomeCause.MissedAccuracy: accuracy++; break;
                case OutcomeCause.LostWithAgent: lost++; break;
                case var c when c.IsUnfinished(): unfinished++; break;
                default: queued++; break;
            }
        }
        return new OutcomeCounts(served, latency, accuracy, queued, unfinished, lost);
    }
}
