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

    [Test]
    public void A_frame_whose_wire_overlapped_a_stage_on_the_tier_it_went_to_arrived_busy()
    {
        const long ms = 1_000_000;
        // The device computes job 1 (10-14 ms) and job 2 (20-25); the edge job 1 (30-32).
        //   Job 2's frame to the device, 12-15 ms: overlaps job 1's stage there: busy.
        //   Job 3's frame to the device, 14-19: after job 1's stage, before job 2's: idle (touching ends do not overlap).
        //   Job 4's frame to the device, 24.5-26: job 2's stage was still computing: busy.
        //   Job 1's frame to the edge, 15-30: nothing computed on the edge then: idle, though the device computed.
        var busy = StageIdle.BusyArrivals(
        [
            new StageIdle.Stage(1, "m", "tier0", 10 * ms, 14 * ms),
            new StageIdle.Stage(2, "m", "tier0", 20 * ms, 25 * ms),
            new StageIdle.Stage(1, "m", "tier1", 30 * ms, 32 * ms),
        ],
        [
            new StageIdle.Frame(2, 0, 12 * ms, 15 * ms),
            new StageIdle.Frame(3, 0, 14 * ms, 19 * ms),
            new StageIdle.Frame(4, 0, 24_500_000, 26 * ms),
            new StageIdle.Frame(1, 1, 15 * ms, 30 * ms),
        ]);
        Assert.That(busy, Is.EquivalentTo(new[] { (2UL, 0), (4UL, 0) }));
    }

    [Test]
    public void A_frame_handed_to_its_link_while_an_earlier_frame_of_its_lane_serialised_queued()
    {
        const long ms = 1_000_000;
        // Model a's sensor link (18 ms a frame): job 1 at 0 (through at 18), job 2 at 10 (queued: through at 36),
        // job 3 at 40 (alone). Model b's own sensor link: job 4 at 5, alone though a's was busy. Link 1 (1 ms a
        // frame): job 1 at 20 (through at 21), job 2 at 20.5 (queued: through at 22), job 3 at 22 (alone: the
        // link was free again at that instant).
        var queued = StageIdle.QueuedOnLink(
        [
            new StageIdle.LaneFrame(3, 0, "a", 40 * ms, 18 * ms),
            new StageIdle.LaneFrame(1, 0, "a", 0, 18 * ms),
            new StageIdle.LaneFrame(2, 0, "a", 10 * ms, 18 * ms),
            new StageIdle.LaneFrame(4, 0, "b", 5 * ms, 18 * ms),
            new StageIdle.LaneFrame(1, 1, "", 20 * ms, 1 * ms),
            new StageIdle.LaneFrame(2, 1, "", 20_500_000, 1 * ms),
            new StageIdle.LaneFrame(3, 1, "", 22 * ms, 1 * ms),
        ]);
        Assert.That(queued, Is.EquivalentTo(new[] { (2UL, 0), (2UL, 1) }));
    }
}
