namespace T2CSim.Core.Metrics;

using T2CSim.Core.Controller;

/// <summary>One bin of the run's time series, for plots over time (thesis: operation phase).</summary>
public sealed record TimelineBin(
    double StartS, int Arrived, int Completed, int Served, int Missed, double SatisfiedRatio,
    double MeanLatencyS, int ActiveDeployments, int Queued, int Reconfigurations, string Events);

/// <summary>Cuts a run into fixed bins (5 s by default): requests by completion time, arrivals by arrival time.</summary>
public static class Timeline
{
    /// <summary>What one bin counts of the requests, summed in arrival order.</summary>
    private struct Tally
    {
        public int Arrived, Completed, Served;
        public double LatencySumS;
    }

    public static IReadOnlyList<TimelineBin> Build(RunLog log, double durationS, IReadOnlyList<(double TimeS, int Active, int Queued)> samples, double binS = 5)
    {
        int bins = (int)Math.Ceiling(durationS / binS);
        // One pass over the requests (a pass per bin cost bins x requests: minutes under overload).
        var tallies = new Tally[bins];
        foreach (var r in log.Requests)
        {
            double arrivalS = r.ArrivalS;
            for (int b = FirstCandidateBin(arrivalS, bins, binS), last = Math.Min(bins - 1, b + 2); b <= last; b++)
                if (InBin(arrivalS, b, binS)) tallies[b].Arrived++;
            if (!r.Ran) continue;
            double completedS = r.CompletedS;
            for (int b = FirstCandidateBin(completedS, bins, binS), last = Math.Min(bins - 1, b + 2); b <= last; b++)
            {
                if (!InBin(completedS, b, binS)) continue;
                tallies[b].Completed++;
                if (r.Outcome == RequestOutcome.Served) tallies[b].Served++;
                tallies[b].LatencySumS += r.LatencyS;
            }
        }

        // The events a bin lists, bucketed in one pass in log order (a filter per bin cost bins x events:
        // 2-3 % of the CPU of a 3,000-device run in `perf`).
        var binEvents = new List<ControllerEvent>?[bins];
        foreach (var e in log.Events)
        {
            if (e.Kind is not ("reconfigure" or "link" or "background" or "tier-lost" or "tier-restored" or "link-lost" or "link-restored" or "switched" or "switch-fallback" or "reconfiguration-declined")) continue;
            for (int b = FirstCandidateBin(e.TimeS, bins, binS), last = Math.Min(bins - 1, b + 2); b <= last; b++)
                if (InBin(e.TimeS, b, binS)) (binEvents[b] ??= []).Add(e);
        }

        var result = new List<TimelineBin>(bins);
        int nextSample = 0;
        (double TimeS, int Active, int Queued) sample = default;
        for (int b = 0; b < bins; b++)
        {
            double from = b * binS, to = from + binS;
            // The samples are in time order: the last one at or before the bin's end.
            while (nextSample < samples.Count && samples[nextSample].TimeS <= to) sample = samples[nextSample++];
            var events = (IReadOnlyList<ControllerEvent>?)binEvents[b] ?? [];
            var tally = tallies[b];
            result.Add(new TimelineBin(
                from,
                tally.Arrived,
                tally.Completed,
                tally.Served,
                tally.Completed - tally.Served,
                tally.Completed == 0 ? double.NaN : (double)tally.Served / tally.Completed,
                tally.Completed == 0 ? double.NaN : tally.LatencySumS / tally.Completed,
                sample.Active,
                sample.Queued,
                events.Count(e => e.Kind == "reconfigure"),
                string.Join("; ", events.Select(e => $"{e.Kind} {e.Detail}"))));
        }
        return result;
    }

    /// <summary>The bin test as the bins are defined: from = b * binS &lt;= t &lt; from + binS.</summary>
    private static bool InBin(double t, int b, double binS)
    {
        double from = b * binS;
        return t >= from && t < from + binS;
    }

    /// <summary>
    /// The bin before the one the division proposes (the division may round across a boundary, so
    /// the proposed bin and both neighbours are tested with <see cref="InBin"/>); `bins` for a
    /// time in no bin.
    /// </summary>
    private static int FirstCandidateBin(double t, int bins, double binS)
    {
        if (!(t >= 0)) return bins;
        double guess = Math.Floor(t / binS);
        return guess > bins ? bins : Math.Max(0, (int)guess - 1);
    }
}
