using T2CSim.Core.Kernel;

namespace T2CSim.Tests.Core.Kernel;

public class ConditionTests
{
    [Test]
    public void AnyOfWithAnAlreadyTriggeredEventFiresAtOnce()
    {
        var sim = new Simulation();
        var ready = sim.Event().Succeed("ready");
        var slow = sim.Timeout(5);
        double? resumedAt = null;
        Condition? any = null;
        sim.Process(Body());
        sim.Run();
        Assert.That(resumedAt, Is.EqualTo(0));
        Assert.That((Event[])any!.Value!, Is.EqualTo(new Event[] { ready }));

        IEnumerable<Event> Body()
        {
            any = sim.AnyOf(slow, ready);
            yield return any;
            resumedAt = sim.Now;
        }
    }

    [Test]
    public void AnyOfWithAnAlreadyProcessedEventIsTriggeredWhenMade()
    {
        var sim = new Simulation();
        var done = sim.Timeout(1);
        sim.Run();
        var any = sim.AnyOf(done, sim.Timeout(3));
        Assert.That(any.IsTriggered, Is.True);
        sim.Run();
        Assert.That(any.IsProcessed, Is.True);
    }

    [Test]
    public void AllOfWaitsForTheLastEvent()
    {
        var sim = new Simulation();
        double? at = null;
        var all = sim.AllOf(sim.Timeout(2), sim.Timeout(7), sim.Timeout(4));
        all.AddCallback(_ => at = sim.Now);
        sim.Run();
        Assert.That(at, Is.EqualTo(7));
        Assert.That(((Event[])all.Value!).Length, Is.EqualTo(3));
    }

    [Test]
    public void AConditionFailsWhenOneOfItsEventsFails()
    {
        var sim = new Simulation();
        var failing = sim.Event();
        var all = sim.AllOf(sim.Timeout(1), failing);
        sim.Schedule(0.5, () => failing.Fail(new InvalidDataException("bad")));
        sim.Run();
        Assert.That(all.IsOk, Is.False);
        Assert.That(all.Value, Is.InstanceOf<InvalidDataException>());
    }

    [Test]
    public void EmptyConditionsSucceedAtOnce()
    {
        var sim = new Simulation();
        Assert.That(sim.AllOf().IsTriggered && sim.AnyOf().IsTriggered, Is.True);
    }
}
