namespace T2CSim.Tests.Core.Metrics;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Metrics;

/// <summary>Requests counted by their typed cause: each once, in one bucket, and arrived = served + missed + unserved.</summary>
public class OutcomeCountsTests
{
    private static RequestRecord Record(OutcomeCause cause, int id = 0)
    {
        var r = new RequestRecord(new Request(id, 0, "cam", "t", 0.5, 0.1));
        switch (cause)
        {
            case OutcomeCause.Served: Ran(r, latencyS: 0.05, accuracy: 0.9); break;
            case OutcomeCause.MissedLatency: Ran(r, latencyS: 0.2, accuracy: 0.9); break;
            case OutcomeCause.MissedAccuracy: Ran(r, latencyS: 0.05, accuracy: 0.4); break;
            case OutcomeCause.MissedLatencyAndAccuracy: Ran(r, latencyS: 0.2, accuracy: 0.4); break;
            case OutcomeCause.GivenUp: r.GiveUp("no result within the job deadline of 10 s"); break;
            default: r.Mark(cause); break;
        }
        return r;
    }

    private static void Ran(RequestRecord r, double latencyS, double accuracy)
    {
        r.ExitAccuracy = accuracy;
        r.StartedS = 1;
        r.Finish(1 + latencyS);
    }

    [Test]
    public void EachCauseIsCountedOnceInItsBucket()
    {
        var expected = new Dictionary<OutcomeCause, OutcomeCounts>
        {
            [OutcomeCause.Served] = new(1, 0, 0, 0, 0, 0),
            [OutcomeCause.MissedLatency] = new(0, 1, 0, 0, 0, 0),
            [OutcomeCause.MissedLatencyAndAccuracy] = new(0, 1, 0, 0, 0, 0),
            [OutcomeCause.MissedAccuracy] = new(0, 0, 1, 0, 0, 0),
            [OutcomeCause.QueuedAtEnd] = new(0, 0, 0, 1, 0, 0),
            [OutcomeCause.WaitingForModelAtEnd] = new(0, 0, 0, 1, 0, 0),
            [OutcomeCause.ExpiredInQueue] = new(0, 0, 0, 1, 0, 0),
            [OutcomeCause.RejectedSaturated] = new(0, 0, 0, 1, 0, 0),
            [OutcomeCause.RejectedInfeasible] = new(0, 0, 0, 1, 0, 0),
            [OutcomeCause.LostToReconfigurationDowntime] = new(0, 0, 0, 1, 0, 0),
            [OutcomeCause.RunningAtEnd] = new(0, 0, 0, 0, 1, 0),
            [OutcomeCause.GivenUp] = new(0, 0, 0, 0, 1, 0),
            [OutcomeCause.LostWithAgent] = new(0, 0, 0, 0, 0, 1),
        };
        Assert.That(expected.Keys, Is.EquivalentTo(Enum.GetValues<OutcomeCause>()), "every cause has a bucket");
        foreach (var (cause, counts) in expected)
        {
            var record = Record(cause);
            Assert.That(record.Cause, Is.EqualTo(cause));
            Assert.That(OutcomeCounts.Of([record]), Is.EqualTo(counts), cause.ToString());
            Assert.That(counts.Total, Is.EqualTo(1));
        }
    }

    [Test]
    public void ArrivedIsTheSumOfTheOutcomes()
    {
        var causes = Enum.GetValues<OutcomeCause>();
        // 1 of the first cause, 2 of the second, ...: 91 requests of 13 causes.
        var records = causes.SelectMany((c, i) => Enumerable.Range(0, i + 1).Select(_ => Record(c))).ToList();
        var counts = OutcomeCounts.Of(records);
        Assert.That(counts.Total, Is.EqualTo(records.Count));
        Assert.That(counts.Served, Is.EqualTo(records.Count(r => r.Outcome == RequestOutcome.Served)));
        Assert.That(counts.Missed, Is.EqualTo(records.Count(r => r.Outcome == RequestOutcome.Missed)));
        Assert.That(counts.Unserved, Is.EqualTo(records.Count(r => r.Outcome == RequestOutcome.Unserved)));
        Assert.That(counts.Served, Is.EqualTo(1));
        Assert.That(counts.MissedLatency, Is.EqualTo(2 + 4), "latency, and latency and accuracy");
        Assert.That(counts.MissedAccuracy, Is.EqualTo(3));
    }

    [Test]
    public void EachCausePrintsItsOwnReasonAndAGivenUpJobTheWorldsWords()
    {
        var texts = Enum.GetValues<OutcomeCause>().Where(c => c != OutcomeCause.GivenUp).Select(c => OutcomeText.Reason(c)).ToList();
        Assert.That(texts, Is.Unique);
        Assert.That(OutcomeText.Reason(OutcomeCause.Served), Is.Empty);
        Assert.That(Record(OutcomeCause.LostWithAgent).Reason, Is.EqualTo("lost with its agent"));
        Assert.That(Record(OutcomeCause.GivenUp).Reason, Is.EqualTo("no result within the job deadline of 10 s"));
    }

    [Test]
    public void ARunningRequestCannotBeMarkedServedWithoutRunning()
    {
        var r = new RequestRecord(new Request(0, 0, "cam", "t", 0.5, 0.1));
        Assert.Throws<ArgumentException>(() => r.Mark(OutcomeCause.Served));
        Assert.That(r.Cause, Is.EqualTo(OutcomeCause.QueuedAtEnd), "a new request is queued");
    }
}
