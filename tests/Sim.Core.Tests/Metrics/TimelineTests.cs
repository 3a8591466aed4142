namespace T2CSim.Tests.Core.Metrics;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Metrics;

/// <summary>The timeline's bins against their definition, applied bin by bin.</summary>
public class TimelineTests
{
    [Test]
    public void BinsCountWhatTheirDefinitionSays()
    {
        // Random requests, many of them exactly on bin boundaries (multiples of 5 s) or outside the
        // run, some never run: each bin counts arrivals with from <= arrival < from + 5 and
        // completions likewise, and averages the latencies of its completions.
        var random = new Random(3);
        var log = new RunLog();
        for (int i = 0; i < 3000; i++)
        {
            double arrival = random.Next(4) == 0 ? 5 * random.Next(0, 13) : random.NextDouble() * 62;
            var record = new RequestRecord(new Request(i, arrival, "m", "t", 0.5, 0.1)) { ExitAccuracy = 0.9 };
            if (random.Next(5) > 0)
            {
                record.StartedS = arrival;
                double end = random.Next(4) == 0 ? 5 * Math.Ceiling(arrival / 5) : arrival + random.NextDouble() * 0.2;
                record.Finish(end);
            }
            log.Requests.Add(record);
        }
        log.Event(12, "link", "sensor capacity x0.5");
        log.Event(30, "reconfigure", "#1");
        var samples = Enumerable.Range(0, 61).Select(t => ((double)t, t % 3, t % 7)).ToList();

        var bins = Timeline.Build(log, 60, samples);

        Assert.That(bins, Has.Count.EqualTo(12));
        Assert.That(bins, Is.EqualTo(ByDefinition(log, 60, samples, 5)));
        Assert.That(bins.Sum(b => b.Completed), Is.GreaterThan(1000), "enough completions to compare");
        Assert.That(bins.Sum(b => b.Arrived), Is.EqualTo(log.Requests.Count(r => r.Request.ArrivalS >= 0 && r.Request.ArrivalS < 60)));
    }

    /// <summary>Each bin computed on its own, straight from the definition.</summary>
    private static List<TimelineBin> ByDefinition(RunLog log, double durationS, List<(double TimeS, int Active, int Queued)> samples, double binS)
    {
        var result = new List<TimelineBin>();
        for (int b = 0; b < (int)Math.Ceiling(durationS / binS); b++)
        {
            double from = b * binS, to = from + binS;
            bool In(double t) => t >= from && t < to;
            var done = log.Requests.Where(r => r.Ran && In(r.CompletedS)).ToList();
            int served = done.Count(r => r.Outcome == RequestOutcome.Served);
            var sample = samples.LastOrDefault(s => s.TimeS <= to);
            var events = log.Events.Where(e => In(e.TimeS) && e.Kind is "reconfigure" or "link" or "background" or "tier-lost").ToList();
            result.Add(new TimelineBin(from, log.Requests.Count(r => In(r.Request.ArrivalS)), done.Count, served, done.Count - served,
                done.Count == 0 ? double.NaN : (double)served / done.Count,
                done.Count == 0 ? double.NaN : done.Average(r => r.LatencyS),
                sample.Active, sample.Queued, events.Count(e => e.Kind == "reconfigure"),
                string.Join("; ", events.Select(e => $"{e.Kind} {e.Detail}"))));
        }
        return result;
    }
}
