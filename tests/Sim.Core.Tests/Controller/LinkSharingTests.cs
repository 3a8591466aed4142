namespace T2CSim.Tests.Core.Controller;

using T2CSim.Core.Kernel;
using T2CSim.Core.Simulation;

/// <summary>
/// SimLink's processor sharing against the schedule worked out transfer by transfer: with many
/// transfers in progress (the overload case) and with random traffic and capacity changes.
/// </summary>
public class LinkSharingTests
{
    [Test]
    public void ManyTransfersStartedTogetherEndTogetherInStartOrder()
    {
        // 1,000 B alone on 1 Mbps take 8 ms; 2,000 of them share it and all end at 2,000 x 8 ms = 16 s,
        // delivered in the order they were sent.
        var sim = new Simulation(1);
        var link = new SimLink(sim, "l", 1e6, 0, 0);
        var done = new List<(int Index, double AtS)>();
        for (int i = 0; i < 2000; i++)
        {
            int index = i;
            link.Send(1000).AddCallback(_ => done.Add((index, sim.Now)));
        }
        Assert.That(link.ActiveTransfers, Is.EqualTo(2000));
        sim.Run(100);
        Assert.That(done.Select(d => d.Index), Is.EqualTo(Enumerable.Range(0, 2000)));
        Assert.That(done, Has.All.Matches<(int, double AtS)>(d => Math.Abs(d.AtS - 16) < 1e-9));
        Assert.That(link.ActiveTransfers, Is.Zero);
        Assert.That(link.BytesDelivered, Is.EqualTo(2_000_000));
    }

    [Test]
    public void RandomTrafficMatchesTheScheduleWorkedOutStepByStep()
    {
        // 400 transfers of 100 B to 20 kB arriving at random over 2 s on 2 Mbps with 0.5 Mbps of
        // background, the capacity halved at 1 s and restored at 3 s: the link is overloaded for a
        // while, so hundreds of transfers share it at once.
        var random = new Random(7);
        var sends = Enumerable.Range(0, 400)
            .Select(i => (Id: i, AtS: Math.Round(random.NextDouble() * 2, 4), Bytes: (long)random.Next(100, 20_000)))
            .OrderBy(s => s.AtS).ThenBy(s => s.Id).ToList();
        var capacityChanges = new[] { (AtS: 1.0, Bps: 1e6), (AtS: 3.0, Bps: 2e6) };
        const double background = 0.5e6, propagation = 0.002;

        var sim = new Simulation(1);
        var link = new SimLink(sim, "l", 2e6, propagation, background);
        var delivered = new Dictionary<int, double>();
        foreach (var s in sends)
            sim.Schedule(s.AtS, () => link.Send(s.Bytes).AddCallback(_ => delivered[s.Id] = sim.Now));
        foreach (var c in capacityChanges) sim.Schedule(c.AtS, () => link.SetCapacity(c.Bps));
        sim.Run(1000);

        var expected = WorkedOut(sends, capacityChanges, 2e6, background, propagation);
        Assert.That(delivered.Keys, Is.EquivalentTo(expected.Keys));
        Assert.That(expected.Values.Max(), Is.GreaterThan(3.5), "the traffic must outlast the capacity changes");
        foreach (var (id, atS) in expected)
            Assert.That(delivered[id], Is.EqualTo(atS).Within(1e-9), $"transfer {id}");
        Assert.That(link.BytesDelivered, Is.EqualTo(sends.Sum(s => s.Bytes)));
    }

    /// <summary>
    /// Processor sharing the plain way: between two moments when something changes (a transfer
    /// starts or ends, the capacity changes) every transfer in progress gets capacity / n; the
    /// delivery is the end of its last bit plus the propagation latency.
    /// </summary>
    private static Dictionary<int, double> WorkedOut(List<(int Id, double AtS, long Bytes)> sends, (double AtS, double Bps)[] capacityChanges,
        double capacityBps, double backgroundBps, double propagationS)
    {
        var result = new Dictionary<int, double>();
        var active = new List<(int Id, double Bits)>();
        int nextSend = 0, nextChange = 0;
        double now = 0;
        while (nextSend < sends.Count || active.Count > 0)
        {
            double rate = active.Count == 0 ? 0 : (capacityBps - backgroundBps) / active.Count;
            double nextEnd = active.Count == 0 ? double.PositiveInfinity : now + active.Min(a => a.Bits) / rate;
            double nextArrival = nextSend < sends.Count ? sends[nextSend].AtS : double.PositiveInfinity;
            double nextCapacity = nextChange < capacityChanges.Length ? capacityChanges[nextChange].AtS : double.PositiveInfinity;
            double t = Math.Min(nextEnd, Math.Min(nextArrival, nextCapacity));
            for (int i = 0; i < active.Count; i++) active[i] = (active[i].Id, active[i].Bits - (t - now) * rate);
            now = t;
            foreach (var a in active.Where(a => a.Bits <= 1e-3).ToList())
            {
                result[a.Id] = now + propagationS;
                active.Remove(a);
            }
            if (t == nextCapacity) capacityBps = capacityChanges[nextChange++].Bps;
            while (nextSend < sends.Count && sends[nextSend].AtS == t)
            {
                active.Add((sends[nextSend].Id, sends[nextSend].Bytes * 8.0));
                nextSend++;
            }
        }
        return result;
    }

    [Test]
    public void MeasuredThroughputCountsTheDeliveriesOfTheWindow()
    {
        // 1 Mbps with 0.25 Mbps of background, no propagation; 1,500 B sent at 0, 1, 2 and 3 s.
        var sim = new Simulation(1);
        var link = new SimLink(sim, "l", 1e6, 0, 0.25e6);
        foreach (double at in new[] { 0.0, 1, 2, 3 }) sim.Schedule(at, () => link.Send(1500));
        sim.Run(3.5);
        // 0.75 Mbps left: 1,500 B take 16 ms; delivered at 0.016, 1.016, 2.016, 3.016. At 3.5 s a
        // 1.5 s window sees the last two, a 0.4 s window none.
        Assert.That(link.MeasuredThroughputBps(1.5), Is.EqualTo(0.25e6 + 2 * 1500 * 8 / 1.5).Within(1e-6));
        Assert.That(link.MeasuredThroughputBps(0.4), Is.EqualTo(0.25e6).Within(1e-6));
        Assert.That(link.BytesDelivered, Is.EqualTo(6000));
    }
}
