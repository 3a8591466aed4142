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

    [Test]
    public void A_stage_whose_node_took_the_next_stage_at_once_is_followed_at_once()
    {
        const long ms = 1_000_000;
        // The device: job 1 (10-14 ms), job 2 from 14.1 (a job was waiting: 0.1 ms is the worker's own gap),
        // job 3 from 20.2 (an idle worker took it 0.2 ms after job 2's stage, which ended at 20), job 4 from 30.
        var followed = StageIdle.FollowedAtOnce(
        [
            new StageIdle.Stage(2, "sg-lite", "tier0", 14_100_000, 20 * ms),
            new StageIdle.Stage(1, "sg-lite", "tier0", 10 * ms, 14 * ms),
            new StageIdle.Stage(3, "sg-lite", "tier0", 20_200_000, 25 * ms),
            new StageIdle.Stage(4, "sg-lite", "tier0", 30 * ms, 35 * ms),
            new StageIdle.Stage(1, "sg-lite", "tier1", 16 * ms, 18 * ms),
        ]);
        Assert.That(followed, Is.EquivalentTo(new[] { (1UL, "tier0"), (2UL, "tier0") }));
        Assert.That(StageIdle.AtOnceS, Is.EqualTo(0.0005), "the threshold the test's 0.1 and 0.2 ms gaps fall under");
    }
}
