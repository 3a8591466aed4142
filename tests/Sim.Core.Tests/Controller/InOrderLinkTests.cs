namespace T2CSim.Tests.Core.Controller;

using T2CSim.Core.Kernel;
using T2CSim.Core.Simulation;

/// <summary>
/// SimLink in order (a testbed's FIFO shaper, `links[].in_order`): one frame on the wire at a time at the
/// whole free rate, the others waiting their turn; against the schedule worked out by hand.
/// </summary>
public class InOrderLinkTests
{
    [Test]
    public void FramesSentTogetherArriveOneSerialisationApart()
    {
        // 2,000 B on 1 Mbps take 16 ms; propagation 1 ms. Three frames sent at 0: on the wire 0-16,
        // 16-32 and 32-48 ms, delivered 1 ms later. Processor sharing would deliver all three at 49 ms.
        var sim = new Simulation(1);
        var link = new SimLink(sim, "l", 1e6, 0.001, 0, inOrder: true);
        var done = new List<double>();
        for (int i = 0; i < 3; i++) link.Send(2000).AddCallback(_ => done.Add(sim.Now));
        Assert.That(link.ActiveTransfers, Is.EqualTo(3));
        sim.Run(1);
        Assert.That(done, Is.EqualTo(new[] { 0.017, 0.033, 0.049 }).Within(1e-9));
        Assert.That(link.ActiveTransfers, Is.Zero);
        Assert.That(link.BytesDelivered, Is.EqualTo(6000));
    }

    [Test]
    public void AFrameSentWhileAnotherIsOnTheWireWaitsForItThenTakesTheWholeRate()
    {
        // 1 Mbps with 0.5 Mbps of background: 0.5 Mbps free. Frame A (1,000 B) at 0 takes 16 ms;
        // frame B (500 B) at 4 ms waits until 16 ms, then takes 8 ms: delivered at 24 ms. At 20 ms the
        // background goes: B has 250 B left (4 ms at 0.5 Mbps), now at 1 Mbps: 2 ms, done at 22 ms.
        var sim = new Simulation(1);
        var link = new SimLink(sim, "l", 1e6, 0, 0.5e6, inOrder: true);
        var done = new Dictionary<string, double>();
        link.Send(1000).AddCallback(_ => done["A"] = sim.Now);
        sim.Schedule(0.004, () => link.Send(500).AddCallback(_ => done["B"] = sim.Now));
        sim.Schedule(0.020, () => link.SetBackground(0));
        sim.Run(1);
        Assert.That(done["A"], Is.EqualTo(0.016).Within(1e-9));
        Assert.That(done["B"], Is.EqualTo(0.022).Within(1e-9));
    }

    [Test]
    public void AFrameAloneTakesWhatItTakesWithSharing()
    {
        // One frame at a time: in order and shared are the same link.
        foreach (bool inOrder in new[] { false, true })
        {
            var sim = new Simulation(1);
            var link = new SimLink(sim, "l", 2e6, 0.002, 0, inOrder);
            double at = -1;
            link.Send(2500).AddCallback(_ => at = sim.Now);
            sim.Run(1);
            Assert.That(at, Is.EqualTo(0.012).Within(1e-9), $"inOrder={inOrder}");
        }
    }
}
