using T2CSim.Core.Kernel;

namespace T2CSim.Tests.Core.Kernel;

public class ResourceTests
{
    [Test]
    public void RequestsAreGrantedFirstComeFirstServed()
    {
        var sim = new Simulation();
        var server = new Resource(sim, capacity: 2);
        var log = new List<(string Name, double Start)>();
        foreach (var name in new[] { "a", "b", "c", "d" }) sim.Process(Customer(sim, server, name, 3, log));
        sim.Run();
        Assert.That(log, Is.EqualTo(new[] { ("a", 0.0), ("b", 0.0), ("c", 3.0), ("d", 3.0) }));
        Assert.That(server.InUse, Is.Zero);
    }

    [Test]
    public void ARequestReleasedBeforeItWasGrantedIsWithdrawnAndTheNextIsGranted()
    {
        var sim = new Simulation();
        var server = new Resource(sim, capacity: 1);
        var log = new List<(string Name, double Start)>();
        int queueAfterRenege = -1;
        sim.Process(Customer(sim, server, "holder", 10, log));
        sim.Process(Impatient());
        sim.Process(Customer(sim, server, "patient", 1, log));
        sim.Run();

        Assert.That(log, Is.EqualTo(new[] { ("holder", 0.0), ("patient", 10.0) }));
        Assert.That(queueAfterRenege, Is.EqualTo(1));

        IEnumerable<Event> Impatient()
        {
            var request = server.Request();
            yield return sim.AnyOf(request, sim.Timeout(4));
            Assert.That(request.IsTriggered, Is.False);
            server.Release(request);
            queueAfterRenege = server.QueueLength;
        }
    }

    [Test]
    public void UsingReleasesTheRequestWhenTheBodyLeavesTheBlock()
    {
        var sim = new Simulation();
        var server = new Resource(sim, capacity: 1);
        var log = new List<(string Name, double Start)>();
        sim.Process(Body());
        sim.Process(Customer(sim, server, "next", 1, log));
        sim.Run();
        Assert.That(log, Is.EqualTo(new[] { ("next", 2.0) }));

        IEnumerable<Event> Body()
        {
            using var request = server.Request();
            yield return request;
            yield return sim.Timeout(2);
        }
    }

    private static IEnumerable<Event> Customer(Simulation sim, Resource server, string name, double hold, List<(string, double)> log)
    {
        var request = server.Request();
        yield return request;
        log.Add((name, sim.Now));
        yield return sim.Timeout(hold);
        server.Release(request);
    }
}
