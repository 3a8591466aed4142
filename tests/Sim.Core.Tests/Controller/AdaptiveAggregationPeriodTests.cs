namespace T2CSim.Tests.Core.Controller;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;

/// <summary>The adaptive aggregation period (T2C_MHE-A): its response to the arrival rate and the queue's slack, and its bounds.</summary>
public class AdaptiveAggregationPeriodTests
{
    private static AdaptiveAggregationPeriod Period(int arrivals, double minS = 2, double maxS = 40, double perPlan = 10)
    {
        var p = new AdaptiveAggregationPeriod(minS, maxS, perPlan);
        for (int i = 0; i < arrivals; i++) p.Arrived();
        return p;
    }

    [Test]
    public void ThePeriodIsRequestsPerPlanOverTheArrivalRate()
    {
        // 20 arrivals in 10 s: 2 per second, so 10 requests take 5 s.
        Assert.That(Period(20).Next(10, null, 0), Is.EqualTo(5).Within(1e-12));
        // 4 arrivals in 10 s: 0.4 per second, 25 s.
        Assert.That(Period(4).Next(10, null, 0), Is.EqualTo(25).Within(1e-12));
    }

    [Test]
    public void TheRateIsMeasuredSinceTheLastAggregation()
    {
        var p = Period(20);
        Assert.That(p.Next(10, null, 0), Is.EqualTo(5).Within(1e-12));
        for (int i = 0; i < 5; i++) p.Arrived();
        // 5 arrivals between 10 s and 15 s: 1 per second.
        Assert.That(p.Next(15, null, 0), Is.EqualTo(10).Within(1e-12));
    }

    [Test]
    public void ThePeriodStaysWithinItsBounds()
    {
        Assert.That(Period(0).Next(10, null, 0), Is.EqualTo(40), "no arrival: the upper bound");
        Assert.That(Period(1).Next(10, null, 0), Is.EqualTo(40), "100 s clamped to 40 s");
        Assert.That(Period(1000).Next(10, null, 0), Is.EqualTo(2), "0.1 s clamped to 2 s");
        Assert.That(Period(0).Initial(10), Is.EqualTo(10));
        Assert.That(Period(0, minS: 15).Initial(10), Is.EqualTo(15));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveAggregationPeriod(10, 5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveAggregationPeriod(0, 5, 1));
    }

    [Test]
    public void WithAQueueTimeoutItPlansBeforeTheOldestQueuedRequestExpires()
    {
        // Rate alone says 25 s; requests expire after 30 s; the oldest queued arrived at 2 s: at 10 s it has 22 s left.
        Assert.That(Period(4).Next(10, 2, 30), Is.EqualTo(22).Within(1e-12));
        // No queue: at most the timeout, so a request arriving just after is planned in time.
        Assert.That(Period(0).Next(10, null, 30), Is.EqualTo(30));
        // Slack below the lower bound: the bound wins.
        Assert.That(Period(4).Next(10, -19, 30), Is.EqualTo(2));
    }

    /// <summary>In a run the controller follows the period: every chosen period is logged and within bounds, and aggregations happen at the chosen times.</summary>
    [Test]
    [Category("Slow")]
    public void TheControllerAggregatesAtTheChosenPeriods()
    {
        var topology = new Topology(
            [new TierSpec("device", 1, 1), new TierSpec("edge", 1, 1), new TierSpec("cloud", 1, 1)],
            [new LinkSpec("a", 100e6, 0, 0), new LinkSpec("b", 100e6, 0, 0), new LinkSpec("c", 100e6, 0, 0)]);
        var model = new ModelSpec("m", 1_000, 1,
            [new TaskSpec("t", [new LayerSpec(1, "l1", null, [0.010, 0.010, 0.010], 100)], [new ExitSpec("t", 0, "t.final", 1, [0, 0, 0], 8, 0.9)])]);
        var settings = new ControllerSettings
        {
            AggregationPeriodS = 10, AggregationPeriodMinS = 4, AggregationPeriodMaxS = 40, AggregationRequestsPerPlan = 10,
            IdleTimeoutS = 1000, StatusReportPeriodS = 1,
        };
        var h = new ControllerHarness(topology, [model], "T2C_MHE-A", settings);
        // 2 requests per second for the first 60 s, then none.
        h.SubmitEvery(0.25, 60, 0.5, "m", "t", 0.5, 1.0);
        h.Run(150);
        var periods = h.Controller.Log.Events.Where(e => e.Kind == "aggregation-period").ToList();
        // First aggregation at 10 s (the configured period); 2 per second then gives 5 s until 60 s.
        Assert.That(periods[0].TimeS, Is.EqualTo(10));
        Assert.That(periods.TakeWhile(e => e.TimeS < 60).Select(e => e.Detail), Is.All.EqualTo("5"));
        // After the arrivals stop, the period grows to the upper bound.
        Assert.That(periods.Last().Detail, Is.EqualTo("40"));
        Assert.That(periods.Select(e => double.Parse(e.Detail, System.Globalization.CultureInfo.InvariantCulture)), Is.All.InRange(4.0, 40.0));
        for (int i = 1; i < periods.Count; i++)
            Assert.That(periods[i].TimeS - periods[i - 1].TimeS, Is.EqualTo(double.Parse(periods[i - 1].Detail, System.Globalization.CultureInfo.InvariantCulture)).Within(1e-9));
        Assert.That(h.Controller.Log.Requests.All(r => r.Outcome == RequestOutcome.Served));
    }
}
