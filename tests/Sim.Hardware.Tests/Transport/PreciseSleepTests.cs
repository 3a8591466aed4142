namespace T2CSim.Tests.Hardware.Transport;

using System.Diagnostics;
using T2CSim.Hardware.Transport;

public class PreciseSleepTests
{
    [Test]
    public void Sleeps_until_the_deadline_and_not_for_ever()
    {
        var clock = Stopwatch.StartNew();
        foreach (double target in new[] { 0.0016, 0.0031, 0.0105 })
        {
            double deadline = clock.Elapsed.TotalSeconds + target;
            PreciseSleep.Until(clock, deadline);
            double now = clock.Elapsed.TotalSeconds;
            // Never early (to the 20 us it allows); "not late" only within a generous bound on a shared machine.
            Assert.That(now, Is.GreaterThanOrEqualTo(deadline - 20e-6));
            Assert.That(now - deadline, Is.LessThan(0.5));
        }
        double before = clock.Elapsed.TotalSeconds;
        PreciseSleep.Until(clock, before - 1);
        Assert.That(clock.Elapsed.TotalSeconds - before, Is.LessThan(0.5), "a deadline in the past returns at once");
    }
}
