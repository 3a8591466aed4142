namespace T2CSim.Tests.Core.Execution;

using T2CSim.Core.Execution;

/// <summary>
/// The quota clock with the kernel's scheduler tick (CpuQuotaClock.TickS; docs/validation.md, "The
/// scheduler tick"): a running group's spent quota is noticed at the next tick, a waking thread's at
/// once. Quota 2 ms per 10 ms period, ticks every 4 ms (at 0, 4, 8, 12, ... ms); times in ms.
/// </summary>
public class CpuQuotaClockTickTests
{
    private static CpuQuotaClock Clock() => new(0.002, 0.010, tickS: 0.004);

    [Test]
    public void A_burst_that_ends_between_two_ticks_is_not_throttled_and_the_next_wakeup_pays_its_debt()
    {
        var clock = Clock();
        // From 1 ms with the whole 2 ms quota: the quota is spent at 3 ms, the next tick is at 4 ms, and the
        // 2.5 ms burst is done at 3.5 ms: unthrottled, 0.5 ms in debt.
        Assert.That(clock.Run(0.001, 0.0025, continues: false) * 1000, Is.EqualTo(3.5).Within(1e-9));
        // The result's send wakes at 3.5 ms and finds the runtime spent: throttled at once to the next
        // period, whose refill leaves 2 - 0.5 = 1.5 ms: 10 to 10.2 ms.
        Assert.That(clock.Charge(0.0035, 0.0002, continues: false) * 1000, Is.EqualTo(10.2).Within(1e-9));
        Assert.That(CpuQuotaClock.BurstWallS(0.0002, 0.002, 0.010, 0.1, 0.0025, tickS: 0.004) * 1000, Is.EqualTo(6.7).Within(1e-9), "the calibration's replay of the same result");
    }

    [Test]
    public void A_burst_running_past_a_tick_with_its_quota_spent_is_throttled_there_and_its_debt_takes_the_next_refill()
    {
        var clock = Clock();
        // 5 ms from 1 ms: runs to the tick at 4 ms (3 ms used, 1 ms in debt), throttled; the refill at 10 ms
        // leaves 1 ms, so it runs on from 10 ms to the tick at 12 ms, done (2 ms), 1 ms in debt again.
        Assert.That(clock.Run(0.001, 0.005, continues: false) * 1000, Is.EqualTo(12).Within(1e-9));
        // A result waking at 12 ms: the refill at 20 ms leaves 1 ms: 20 to 20.3 ms.
        Assert.That(clock.Charge(0.012, 0.0003, continues: false) * 1000, Is.EqualTo(20.3).Within(1e-9));
    }

    [Test]
    public void A_long_burst_still_gets_the_share_on_average()
    {
        // 100 ms of CPU from 0: every other period it runs from the period's start to the next tick (4 ms),
        // 2 ms of it in debt, which the next period's refill only pays: 4 ms per 20 ms = the share 0.2.
        // The 25th run, 480 to 484 ms, ends it.
        Assert.That(Clock().Run(0, 0.100, continues: false) * 1000, Is.EqualTo(484).Within(1e-9));
        Assert.That(100 / 484.0, Is.EqualTo(0.2).Within(0.01));
    }

    [Test]
    public void A_stage_steps_continue_one_run_while_a_waking_thread_is_checked_at_once()
    {
        // A first step of 2.5 ms from 1 ms ends at 3.5 ms in debt. The stage's next step (the same thread
        // running on) is only looked at by the tick at 4 ms: it runs 3.5 to 4, is throttled there (1 ms in
        // debt), and runs its last 0.3 ms from the refill at 10 ms, which leaves 1 ms: 10.3 ms.
        var clock = Clock();
        clock.Run(0.001, 0.0025, continues: false);
        Assert.That(clock.Run(0.0035, 0.0008, continues: true) * 1000, Is.EqualTo(10.3).Within(1e-9));
        // The same 0.8 ms as another thread waking at 3.5 ms waits for the refill at once: 10 to 10.8 ms.
        var other = Clock();
        other.Run(0.001, 0.0025, continues: false);
        Assert.That(other.Run(0.0035, 0.0008, continues: false) * 1000, Is.EqualTo(10.8).Within(1e-9));
    }

    [Test]
    public void A_scheduling_event_before_the_tick_throttles_a_running_burst_at_the_notice()
    {
        // Notice 0.5 ms: 5 ms from 1 ms runs the quota out at 3 ms and is noticed at 3.5 (before the 4 ms
        // tick): 0.5 ms in debt. The refill at 10 ms leaves 1.5 ms; it runs 10 to 12 (spent at 11.5, noticed
        // at 12, also a tick), 0.5 ms in debt again; the refill at 20 leaves 1.5 and the last 0.5 ms runs
        // 20 to 20.5. The tick alone: 12 ms (the test above).
        var clock = new CpuQuotaClock(0.002, 0.010, tickS: 0.004, noticeS: 0.0005);
        Assert.That(clock.Run(0.001, 0.005, continues: false) * 1000, Is.EqualTo(20.5).Within(1e-9));
        // A result waking at 20.5 ms finds 1 ms left: 20.5 to 20.8.
        Assert.That(clock.Charge(0.0205, 0.0003, continues: false) * 1000, Is.EqualTo(20.8).Within(1e-9));
        // A burst that ends before its quota is spent is not touched: 1.5 ms from 1 ms, 2.5 ms.
        Assert.That(new CpuQuotaClock(0.002, 0.010, tickS: 0.004, noticeS: 0.0005).Run(0.001, 0.0015, continues: false) * 1000, Is.EqualTo(2.5).Within(1e-9));
    }

    [Test]
    public void A_notice_of_zero_is_the_clock_that_throttles_the_instant_the_quota_is_spent()
    {
        // Every burst of a sequence (stages, results, after pauses) ends where the clock without a tick or
        // an overrun ends it: the tick never comes first.
        var noticed = new CpuQuotaClock(0.002, 0.010, tickS: 0.004, noticeS: 0);
        var exact = new CpuQuotaClock(0.002, 0.010);
        double a = 0.0013, b = 0.0013;
        foreach (var (cpu, pause) in new[] { (0.005, 0.0), (0.0003, 0.0), (0.0021, 0.004), (0.0095, 0.0007), (0.0001, 0.0) })
        {
            a = noticed.Run(a + pause, cpu, continues: false);
            b = exact.Run(b + pause, cpu);
            Assert.That(a, Is.EqualTo(b).Within(1e-12), $"{cpu * 1000} ms after {pause * 1000} ms");
        }
        // 5 ms from 1.3 ms: 1.3-3.3, 10-12, 20-21.
        Assert.That(new CpuQuotaClock(0.002, 0.010, tickS: 0.004, noticeS: 0).Run(0.0013, 0.005, continues: false) * 1000, Is.EqualTo(21).Within(1e-9));
    }

    [Test]
    public void Without_a_tick_the_clock_is_the_overrun_model_as_before()
    {
        // The overrun tests' figure (TestbedExecutionTests): 2 ms quota + 1 ms overrun from a period's start.
        var clock = new CpuQuotaClock(0.002, 0.010, 0.001);
        Assert.That(clock.Run(0, 0.0028) * 1000, Is.EqualTo(2.8).Within(1e-9));
        Assert.That(new CpuQuotaClock(0.002, 0.010).Run(0.001, 0.0025) * 1000, Is.EqualTo(10.5).Within(1e-9), "no tick, no overrun: throttled when the quota is spent");
    }
}
