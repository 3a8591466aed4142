using T2CSim.Core.Kernel;

namespace T2CSim.Tests.Core.Kernel;

/// <summary>Mistakes in a model fail at once with a message that names them.</summary>
public class BadUseTests
{
    [TestCase(-1.0)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void ABadDelayThrows(double delay)
    {
        var sim = new Simulation();
        Assert.That(() => sim.Timeout(delay), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("delay"));
        Assert.That(() => sim.Schedule(delay, () => { }), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void YieldingNullThrows()
    {
        var sim = new Simulation();
        sim.Process(YieldsNull());
        Assert.That(() => sim.Run(), Throws.InvalidOperationException.With.Message.Contains("yielded null"));

        static IEnumerable<Event> YieldsNull()
        {
            yield return null!;
        }
    }

    [Test]
    public void YieldingAnEventOfAnotherSimulationThrows()
    {
        var sim = new Simulation();
        var other = new Simulation();
        sim.Process(Body());
        Assert.That(() => sim.Run(), Throws.InvalidOperationException.With.Message.Contains("another Simulation"));

        IEnumerable<Event> Body()
        {
            yield return other.Timeout(1);
        }
    }

    [Test]
    public void ReleasingTwiceThrows()
    {
        var sim = new Simulation();
        var resource = new Resource(sim, capacity: 1);
        var request = resource.Request();
        resource.Release(request);
        Assert.That(() => resource.Release(request), Throws.InvalidOperationException.With.Message.Contains("already released"));
        Assert.That(() => request.Dispose(), Throws.Nothing);
    }

    [Test]
    public void ReleasingTwiceOnAPriorityResourceThrows()
    {
        var sim = new Simulation();
        var resource = new PriorityResource(sim, capacity: 1);
        var request = resource.Request(priority: 0);
        resource.Release(request);
        Assert.That(() => resource.Release(request), Throws.InvalidOperationException);
    }

    [Test]
    public void ReleasingToTheWrongResourceThrows()
    {
        var sim = new Simulation();
        var request = new Resource(sim, 1).Request();
        Assert.That(() => new Resource(sim, 1).Release(request), Throws.ArgumentException);
    }

    [Test]
    public void CapacityBelowOneThrows()
    {
        var sim = new Simulation();
        Assert.That(() => new Resource(sim, 0), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("capacity"));
        Assert.That(() => new PriorityResource(sim, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new Store<int>(sim, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void TriggeringTwiceThrows()
    {
        var sim = new Simulation();
        var e = sim.Event().Succeed();
        Assert.That(() => e.Succeed(), Throws.InvalidOperationException.With.Message.Contains("already triggered"));
    }

    [Test]
    public void AProcessCannotWaitForItself()
    {
        var sim = new Simulation();
        Process? self = null;
        self = sim.Process(Body());
        Assert.That(() => sim.Run(), Throws.InvalidOperationException.With.Message.Contains("itself"));

        IEnumerable<Event> Body()
        {
            yield return self!;
        }
    }
}
