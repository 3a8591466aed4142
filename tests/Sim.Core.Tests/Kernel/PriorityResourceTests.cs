using T2CSim.Core.Kernel;

namespace T2CSim.Tests.Core.Kernel;

public class PriorityResourceTests
{
    [Test]
    public void WaitingRequestsAreServedByPriorityThenArrival()
    {
        var sim = new Simulation();
        var repairman = new PriorityResource(sim, capacity: 1);
        var served = new List<string>();
        sim.Process(Job(sim, repairman, "first", 5, served));
        foreach (var (name, priority) in new[] { ("p3", 3), ("p1a", 1), ("p2", 2), ("p1b", 1) })
            sim.Process(Job(sim, repairman, name, priority, served));
        sim.Run();
        Assert.That(served, Is.EqualTo(new[] { "first", "p1a", "p1b", "p2", "p3" }));
    }

    [Test]
    public void APreemptingRequestInterruptsTheLowerPriorityHolder()
    {
        var sim = new Simulation();
        var repairman = new PriorityResource(sim, capacity: 1);
        Preempted? cause = null;
        double? interruptedAt = null, urgentGrantedAt = null;
        sim.Process(LowPriorityJob());
        var urgent = sim.Process(UrgentRepair());
        sim.Run();

        Assert.That(interruptedAt, Is.EqualTo(4));
        Assert.That(urgentGrantedAt, Is.EqualTo(4));
        Assert.That(cause!.By, Is.SameAs(urgent));
        Assert.That(cause.UsageSince, Is.EqualTo(0));

        IEnumerable<Event> LowPriorityJob()
        {
            using var request = repairman.Request(priority: 5);
            yield return request;
            yield return sim.Timeout(10);
            var self = sim.ActiveProcess!;
            if (self.HandleFault())
            {
                interruptedAt = sim.Now;
                cause = (Preempted)self.InterruptCause!;
                Assert.That(request.State, Is.EqualTo(RequestState.Preempted));
            }
        }

        IEnumerable<Event> UrgentRepair()
        {
            yield return sim.Timeout(4);
            using var request = repairman.Request(priority: 1, preempt: true);
            yield return request;
            urgentGrantedAt = sim.Now;
        }
    }

    [Test]
    public void WithoutPreemptAHigherPriorityRequestWaits()
    {
        var sim = new Simulation();
        var repairman = new PriorityResource(sim, capacity: 1);
        var served = new List<string>();
        sim.Process(Job(sim, repairman, "low", 5, served, hold: 10));
        sim.Process(Later());
        sim.Run();
        Assert.That(served, Is.EqualTo(new[] { "low", "high" }));
        Assert.That(sim.Now, Is.EqualTo(11));

        IEnumerable<Event> Later()
        {
            yield return sim.Timeout(4);
            yield return sim.Process(Job(sim, repairman, "high", 1, served));
        }
    }

    private static IEnumerable<Event> Job(Simulation sim, PriorityResource resource, string name, int priority, List<string> served, double hold = 1)
    {
        using var request = resource.Request(priority);
        yield return request;
        served.Add(name);
        yield return sim.Timeout(hold);
    }
}
