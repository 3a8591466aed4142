namespace T2CSim.Core.Metrics;

using T2CSim.Core.Controller;

/// <summary>One bin of the run's time series, for plots over time (thesis: operation phase).</summary>
public sealed record TimelineBin(
    double StartS, int Arrived, int Completed, int Served, int Missed, double SatisfiedRatio,
    double MeanLatencyS, int ActiveDeployments, int Queued, int Reconfigurations, string Events);

/// <summary>Cuts a run into fixed bins (5 s by default): requests by completion time, arrivals by arrival time.</summary>
public static class Timeline
{
    public static IReadOnlyList<TimelineBin> Build(RunLog log, double durationS, IReadOnlyList<(double TimeS, int Active, int Queued)> samples, double binS = 5)
    {
        int bins = (int)Math.Ceiling(durationS / binS);
        var result = new List<TimelineBin>(bins);
        for (int b = 0; b < bins; b++)
        {
            double from = b * binS, to = from + binS;
            bool In(double t) => t >= from && t < to;
            var done = log.Requests.Where(r => r.Ran && In(r.CompletedS)).ToList();
            int served = done.Count(r => r.Outcome == RequestOutcome.Served);
            var sample = samples.LastOrDefault(s => s.TimeS <= to);
            var events = log.Events.Where(e => In(e.TimeS) && e.Kind is "reconfigure" or "link" or "background" or "tier-lost" or "switched" or "switch-fallback" or "reconfiguration-declined").ToList();
            result.Add(new TimelineBin(
                from,
                log.Requests.Count(r => In(r.Request.ArrivalS)),
                done.Count,
                served,
                done.Count - served,
                done.Count == 0 ? double.NaN : (double)served / done.Count,
                done.Count == 0 ? double.NaN : done.Average(r => r.LatencyS),
                sample.Active,
                sample.Queued,
                events.Count(e => e.Kind == "reconfigure"),
                string.Join("; ", events.Select(e => $"{e.Kind} {e.Detail}"))));
        }
        return result;
    }
}
