namespace T2CSim.Tests.Hardware.Hil;

using System.Collections.Concurrent;
using T2CSim.Hardware.Hil;

/// <summary>
/// The controller's real-time thread: timers in time order (ties in scheduling order), posted
/// actions on the loop's own thread, the end at `untilS` or at `stop`. Orders and threads are
/// asserted, never how fast anything ran.
/// </summary>
public sealed class RealTimeLoopTests
{
    // The tests end the loop with `stop` once what they wait for has happened, not at a time: on a
    // loaded machine the loop thread may wake late, and then Run returns at `untilS` before timers
    // due just earlier have run (it checks the end first).
    [Test]
    public void TimersRunInTimeOrderAndTiesInTheOrderTheyWereScheduled()
    {
        var loop = new RealTimeLoop();
        var order = new List<string>();
        loop.At(0.03, () => order.Add("c"));
        loop.At(0.01, () => order.Add("a1"));
        loop.At(0.01, () => order.Add("a2"));
        loop.Schedule(0.02, () => order.Add("b"));
        loop.At(60, () => order.Add("much later"));
        loop.Run(untilS: 30, stop: () => order.Count >= 4);
        Assert.That(order, Is.EqualTo(new[] { "a1", "a2", "b", "c" }));
    }

    [Test]
    public void ATimerScheduledByALateTimerCountsFromTheLateTimersDueTime()
    {
        // The first timer, due at 0.01 s, runs for 40 ms before it schedules a follow-up 0.05 s on. From
        // its due time the follow-up is due at 0.06 s, before the marker at 0.08 s; counted from the
        // clock (at least 0.05 s by then) it would be due at 0.10 s or later, after the marker. Periodic
        // timers so keep their phase however late the thread wakes (the controller's aggregation period).
        var loop = new RealTimeLoop();
        var order = new List<string>();
        loop.At(0.08, () => order.Add("marker at 0.08"));
        loop.At(0.01, () =>
        {
            Thread.Sleep(40);
            loop.Schedule(0.05, () => order.Add("follow-up due at 0.06"));
        });
        loop.Run(untilS: 30, stop: () => order.Count == 2);
        Assert.That(order, Is.EqualTo(new[] { "follow-up due at 0.06", "marker at 0.08" }));
    }

    [Test]
    public void ATimerScheduledByAPostedActionCountsFromTheClock()
    {
        // The same 40 ms late timer posts an action instead (the network's thread would): the action runs
        // after the timer returned, at 0.05 s or later, and its follow-up 0.05 s on is due at 0.10 s or
        // later, after the marker at 0.08 s: only a running timer lends its due time.
        var loop = new RealTimeLoop();
        var order = new List<string>();
        loop.At(0.08, () => order.Add("marker at 0.08"));
        loop.At(0.01, () =>
        {
            Thread.Sleep(40);
            loop.Post(() => loop.Schedule(0.05, () => order.Add("follow-up from the clock")));
        });
        loop.Run(untilS: 30, stop: () => order.Count == 2);
        Assert.That(order, Is.EqualTo(new[] { "marker at 0.08", "follow-up from the clock" }));
    }

    [Test]
    public void ATimerRunsNoEarlierThanItsTime()
    {
        var loop = new RealTimeLoop();
        var ranAt = new List<(double Due, double Now)>();
        foreach (double due in new[] { 0.005, 0.02, 0.04 }) loop.At(due, () => ranAt.Add((due, loop.Now)));
        loop.Run(untilS: 30, stop: () => ranAt.Count == 3);
        Assert.That(ranAt, Has.Count.EqualTo(3));
        Assert.That(ranAt.All(r => r.Now >= r.Due), Is.True, string.Join(", ", ranAt));
    }

    [Test]
    public void RunReturnsOnceItsTimeHasPassed()
    {
        var loop = new RealTimeLoop();
        Assert.That(loop.Now, Is.Zero, "the clock starts with Run");
        loop.Run(untilS: 0.02);
        Assert.That(loop.Now, Is.GreaterThanOrEqualTo(0.02));
    }

    [Test]
    public void PostedActionsRunOnTheLoopThreadAndMayScheduleMore()
    {
        var loop = new RealTimeLoop();
        var threads = new ConcurrentBag<int>();
        int loopThread = -1;
        var done = false;
        var poster = new Thread(() =>
        {
            for (int i = 0; i < 10; i++) loop.Post(() => threads.Add(Environment.CurrentManagedThreadId));
            loop.Post(() => loop.Schedule(0, () => done = true));
        });
        loop.At(0, () => { loopThread = Environment.CurrentManagedThreadId; poster.Start(); });
        loop.Run(untilS: 30, stop: () => done);
        poster.Join();
        Assert.That(done, Is.True, "a timer scheduled from a posted action ran and stopped the loop");
        Assert.That(threads, Has.Count.EqualTo(10));
        Assert.That(threads.Distinct(), Is.EqualTo(new[] { loopThread }));
        Assert.That(loopThread, Is.EqualTo(Environment.CurrentManagedThreadId), "the loop runs on the thread that called Run");
        Assert.That(loop.Now, Is.LessThan(30), "stop ended the loop before its time");
    }

    [Test]
    public void DrainRunsWhatWasPostedAfterTheEnd()
    {
        var loop = new RealTimeLoop();
        loop.Run(untilS: 0.001);
        int ran = 0;
        loop.Post(() => ran++);
        loop.Post(() => ran++);
        loop.Drain();
        Assert.That(ran, Is.EqualTo(2));
    }
}
