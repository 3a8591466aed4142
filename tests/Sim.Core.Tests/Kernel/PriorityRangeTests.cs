using T2CSim.Core.Kernel;

namespace T2CSim.Tests.Core.Kernel;

/// <summary>The event queue packs a process priority into 19 bits: the ends of the range keep
/// their order, and a priority beyond them is refused at once.</summary>
public class PriorityRangeTests
{
    [Test]
    public void ExtremePrioritiesKeepTheirOrderAndInterruptsStillComeFirst()
    {
        var sim = new Simulation();
        var order = new List<string>();
        int max = Simulation.MaxProcessPriority;
        sim.Process(Record(order, "max"), priority: max);
        sim.Process(Record(order, "zero"));
        var lowest = sim.Process(Sleep(sim, order, "min"), priority: -max);
        sim.Process(Record(order, "max-1"), priority: max - 1);
        sim.Schedule(0, () => { });
        sim.Run(until: 1e-9);
        lowest.Interrupt("now");
        sim.Process(Record(order, "after interrupt"), priority: -max);
        sim.Run();
        Assert.That(order, Is.EqualTo(new[] { "min", "zero", "max-1", "max", "min interrupted", "after interrupt" }));
    }

    [TestCase(Simulation.MaxProcessPriority + 1)]
    [TestCase(-Simulation.MaxProcessPriority - 1)]
    [TestCase(int.MaxValue)]
    [TestCase(Simulation.UrgentPriority)]
    public void APriorityOutsideTheRangeIsRefused(int priority)
    {
        var sim = new Simulation();
        Assert.Throws<ArgumentOutOfRangeException>(() => sim.Process(Record(new List<string>(), "x"), priority));
    }

    private static IEnumerable<Event> Record(List<string> order, string name)
    {
        order.Add(name);
        yield break;
    }

    private static IEnumerable<Event> Sleep(Simulation sim, List<string> order, string name)
    {
        order.Add(name);
        yield return sim.Timeout(10);
        if (sim.ActiveProcess!.HandleFault()) order.Add(name + " interrupted");
    }
}
