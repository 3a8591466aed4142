using T2CSim.Core.Kernel;

namespace T2CSim.Tests.Core.Kernel;

/// <summary>Same-time entries run by (time, priority, insertion sequence).</summary>
public class OrderingTests
{
    [Test]
    public void SameTimeEventsRunInInsertionOrder()
    {
        var sim = new Simulation();
        var order = new List<string>();
        foreach (var name in new[] { "a", "b", "c" })
            sim.Timeout(1).AddCallback(_ => order.Add(name));
        sim.Schedule(1, () => order.Add("callback"));
        sim.Timeout(1).AddCallback(_ => order.Add("d"));
        sim.Run();
        Assert.That(order, Is.EqualTo(new[] { "a", "b", "c", "callback", "d" }));
    }

    [Test]
    public void ProcessStartsAfterEventsAlreadyScheduledForNowUnlessItsPriorityIsLower()
    {
        var sim = new Simulation();
        var order = new List<string>();
        sim.Timeout(0).AddCallback(_ => order.Add("timeout"));
        sim.Process(Record(order, "default"));
        sim.Process(Record(order, "urgent"), priority: -1);
        sim.Process(Record(order, "late"), priority: 1);
        sim.Event().Succeed().AddCallback(_ => order.Add("event"));
        sim.Run();
        Assert.That(order, Is.EqualTo(new[] { "urgent", "timeout", "default", "event", "late" }));
    }

    [Test]
    public void ProcessResumesAtTheTimeOfItsTimeoutsAndEndsAsAnEvent()
    {
        var sim = new Simulation();
        var times = new List<double>();
        var child = sim.Process(Sleeper(sim, times, 1.5, 2.5));
        double? childDoneAt = null;
        sim.Process(WaitFor(sim, child, t => childDoneAt = t));
        sim.Run();
        Assert.That(times, Is.EqualTo(new[] { 1.5, 4.0 }));
        Assert.That(childDoneAt, Is.EqualTo(4.0));
        Assert.That(child.IsAlive, Is.False);
        Assert.That(sim.Now, Is.EqualTo(4.0));
    }

    [Test]
    public void YieldingAnAlreadyProcessedEventContinuesAtOnce()
    {
        var sim = new Simulation();
        var done = sim.Timeout(1, "early");
        sim.Run();
        object? seen = null;
        sim.Process(Body());
        sim.Run();
        Assert.That(seen, Is.EqualTo("early"));
        Assert.That(sim.Now, Is.EqualTo(1));

        IEnumerable<Event> Body()
        {
            yield return done;
            seen = done.Value;
        }
    }

    private static IEnumerable<Event> Record(List<string> order, string name)
    {
        order.Add(name);
        yield break;
    }

    private static IEnumerable<Event> Sleeper(Simulation sim, List<double> times, params double[] delays)
    {
        foreach (var delay in delays)
        {
            yield return sim.Timeout(delay);
            times.Add(sim.Now);
        }
    }

    private static IEnumerable<Event> WaitFor(Simulation sim, Event e, Action<double> done)
    {
        yield return e;
        done(sim.Now);
    }
}
