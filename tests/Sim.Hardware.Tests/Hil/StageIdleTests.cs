namespace T2CSim.Hardware.Tests.Hil;

using NUnit.Framework;
using T2CSim.Hardware.Hil;

public sealed class StageIdleTests
{
    [Test]
    public void A_stage_waited_since_the_end_of_the_last_stage_its_node_computed()
    {
        const long ms = 1_000_000;
        // The device computes job 1 (10-14 ms), then job 3 (20-25); the edge job 1 (16-18), job 2 (17.5-19: it
        // started before job 1's stage ended there, as two reports can overlap by clock skew: idle 0).
        var idle = StageIdle.Of(
        [
            new StageIdle.Stage(3, "sg-lite", "tier0", 20 * ms, 25 * ms),
            new StageIdle.Stage(1, "asg-base", "tier0", 10 * ms, 14 * ms),
            new StageIdle.Stage(1, "asg-base", "tier1", 16 * ms, 18 * ms),
            new StageIdle.Stage(2, "sg-lite", "tier1", 17_500_000, 19 * ms),
        ]);
        Assert.That(idle.ContainsKey((1, "tier0")), Is.False, "a node's first stage has no idle time");
        Assert.That(idle.ContainsKey((1, "tier1")), Is.False);
        Assert.That(idle[(3, "tier0")].IdleS, Is.EqualTo(0.006).Within(1e-12));
        Assert.That(idle[(3, "tier0")].PreviousModel, Is.EqualTo("asg-base"));
        Assert.That(idle[(2, "tier1")].IdleS, Is.EqualTo(0));
        Assert.That(idle.Count, Is.EqualTo(2));
    }
}
