using T2CSim.Core.Kernel;

namespace T2CSim.Tests.Core.Kernel;

public class DeterminismTests
{
    [Test]
    public void TheSameSeedGivesTheSameTrace()
    {
        var first = TraceOf(seed: 11);
        var second = TraceOf(seed: 11);
        Assert.That(first, Has.Count.GreaterThan(1000));
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void DifferentSeedsGiveDifferentTraces()
    {
        Assert.That(TraceOf(seed: 12), Is.Not.EqualTo(TraceOf(seed: 11)));
    }

    /// <summary>A small shop: random arrivals, two servers, breakdowns that interrupt customers.</summary>
    private static List<string> TraceOf(long seed)
    {
        var sim = new Simulation(seed);
        var trace = new List<string>();
        sim.Trace = (time, e) => trace.Add($"{time:R} {e.GetType().Name} {e.Value}");
        var servers = new Resource(sim, capacity: 2);
        sim.Process(Arrivals(sim, servers));
        sim.Run(until: 500);
        return trace;
    }

    private static IEnumerable<Event> Arrivals(Simulation sim, Resource servers)
    {
        var arrivals = sim.Random.Stream("arrivals");
        var service = sim.Random.Stream("service");
        for (int i = 0; ; i++)
        {
            yield return sim.Timeout(arrivals.Exponential(1.5), i);
            var customer = sim.Process(Customer(sim, servers, service.Exponential(1)));
            if (i % 7 == 0) sim.Schedule(0.2, () => { if (customer.IsAlive) customer.Interrupt(i); });
        }
    }

    private static IEnumerable<Event> Customer(Simulation sim, Resource servers, double serviceTime)
    {
        using var request = servers.Request();
        yield return request;
        sim.ActiveProcess!.HandleFault();
        yield return sim.Timeout(serviceTime);
        sim.ActiveProcess!.HandleFault();
    }
}
