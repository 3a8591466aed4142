using T2CSim.Core.Kernel;

namespace T2CSim.Tests.Core.Kernel;

public class RunUntilTests
{
    [Test]
    public void RunUntilStopsBetweenEventsAndAFurtherRunContinues()
    {
        var sim = new Simulation();
        var fired = new List<double>();
        sim.Timeout(2).AddCallback(_ => fired.Add(sim.Now));
        sim.Timeout(5).AddCallback(_ => fired.Add(sim.Now));

        sim.Run(until: 3);
        Assert.That(sim.Now, Is.EqualTo(3));
        Assert.That(fired, Is.EqualTo(new[] { 2.0 }));

        sim.Run();
        Assert.That(fired, Is.EqualTo(new[] { 2.0, 5.0 }));
        Assert.That(sim.Now, Is.EqualTo(5));
    }

    [Test]
    public void AnEventAtExactlyUntilIsLeftForTheNextRun()
    {
        var sim = new Simulation();
        var fired = new List<double>();
        sim.Timeout(5).AddCallback(_ => fired.Add(sim.Now));
        sim.Run(until: 5);
        Assert.That(fired, Is.Empty);
        Assert.That(sim.Now, Is.EqualTo(5));
        sim.Run(until: 5.5);
        Assert.That(fired, Is.EqualTo(new[] { 5.0 }));
        Assert.That(sim.Now, Is.EqualTo(5.5));
    }

    [Test]
    public void RunUntilAdvancesTimeEvenWithNothingScheduled()
    {
        var sim = new Simulation();
        sim.Run(until: 7);
        Assert.That(sim.Now, Is.EqualTo(7));
        Assert.That(sim.Timeout(1).IsTriggered, Is.True);
        sim.Run();
        Assert.That(sim.Now, Is.EqualTo(8));
        Assert.That(sim.ProcessedEvents, Is.EqualTo(1));
    }

    [Test]
    public void RunUntilBeforeNowThrows()
    {
        var sim = new Simulation();
        sim.Run(until: 4);
        Assert.That(() => sim.Run(until: 3), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
