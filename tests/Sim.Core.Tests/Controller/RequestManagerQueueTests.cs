namespace T2CSim.Tests.Core.Controller;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;

/// <summary>
/// The request queue across aggregation periods: each period takes exactly what was queued since the
/// last one (its own arrivals and the requests put back), less those past the queue timeout, in order.
/// The manager reuses its lists from one period to the next, so these also guard against a period
/// seeing another's requests.
/// </summary>
public sealed class RequestManagerQueueTests
{
    private static RequestRecord Record(int id, double arrivalS) => new(new Request(id, arrivalS, "m", "t", 0.5, 1));

    // Without hitchhiking and admission the view is never read.
    private static void Queue(RequestManager manager, RequestRecord r) => Assert.That(manager.Submit(r, [], null!), Is.Null);

    [Test]
    public void EachPeriodTakesWhatWasQueuedSinceTheLastLessTheExpired()
    {
        var manager = new RequestManager(null, null, null, queueTimeoutS: 10);
        var (r0, r1, r2, r3) = (Record(0, 0), Record(1, 5), Record(2, 12), Record(3, 15));
        Queue(manager, r0);
        Queue(manager, r1);
        Queue(manager, r2);

        // At 14 s, r0 has waited 14 s > 10 s: it expires; r1 (9 s) and r2 (2 s) are handed over.
        var first = manager.TakeQueue(14);
        Assert.That(first, Is.EqualTo(new[] { r1, r2 }));
        Assert.That(r0.Cause, Is.EqualTo(OutcomeCause.ExpiredInQueue));
        Assert.That(manager.Queue, Is.Empty);

        // The plan placed r1; r2 goes back, r3 arrives.
        manager.Requeue([r2], null!);
        Queue(manager, r3);
        Assert.That(manager.Queue, Is.EqualTo(new[] { r2, r3 }));

        // At 20 s nothing has waited 10 s: r2 (8 s) and r3 (5 s), and nothing of the first period but r2.
        var second = manager.TakeQueue(20);
        Assert.That(second, Is.EqualTo(new[] { r2, r3 }));
        Assert.That(manager.Queue, Is.Empty);
        Assert.That(r1.Cause, Is.Not.EqualTo(OutcomeCause.ExpiredInQueue));

        // A period with nothing queued takes nothing, whatever the earlier periods held.
        Assert.That(manager.TakeQueue(40), Is.Empty);
        Assert.That(r2.Cause, Is.Not.EqualTo(OutcomeCause.ExpiredInQueue), "taken requests are no longer in the queue to expire");
    }

    [Test]
    public void WithoutATimeoutNothingExpires()
    {
        var manager = new RequestManager(hitchhiking: false);
        var records = Enumerable.Range(0, 5).Select(i => Record(i, i)).ToList();
        foreach (var r in records) Queue(manager, r);
        Assert.That(manager.TakeQueue(1e6), Is.EqualTo(records));
        manager.Requeue(records.Take(2), null!);
        Assert.That(manager.TakeQueue(2e6), Is.EqualTo(records.Take(2)));
    }
}
