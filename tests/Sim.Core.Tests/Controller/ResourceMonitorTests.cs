namespace T2CSim.Tests.Core.Controller;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using T2CSim.Tests.Core.Support;

/// <summary>The resource monitor's bookkeeping: slots taken and given back, lost tiers, reserves, link readings.</summary>
public sealed class ResourceMonitorTests
{
    private static readonly Topology Topology = Fixtures.DuoTopology(); // slots: device 1, edge 2, cloud 4
    private static readonly ModelSpec Model = Fixtures.Duo(Topology);
    private int _nextId;

    private Deployment On(params int[] tiers) =>
        new(_nextId++, Model, new ModelDeployment(Model.Name, new PartitionPoints(0, 0), [new TaskAssignment("a", 1, 0.8, 0)], tiers, []), 0);

    [Test]
    public void FreeSlotsAreTheTiersSlotsLessThoseDeploymentsHold()
    {
        var monitor = new ResourceMonitor(Topology);
        Assert.That(monitor.FreeSlots(), Is.EqualTo(new[] { 1, 2, 4 }));
        var first = On(1, 2);
        monitor.Add(first);
        monitor.Add(On(2));
        Assert.That(monitor.FreeSlots(), Is.EqualTo(new[] { 1, 1, 2 }));
        Assert.That(monitor.Deployments, Has.Count.EqualTo(2));
        monitor.Remove(first);
        monitor.Remove(first); // a second removal changes nothing
        Assert.That(monitor.FreeSlots(), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(Enumerable.Range(0, 3).Select(monitor.SlotsUsed), Is.EqualTo(new[] { 0, 0, 1 }));
    }

    [Test]
    public void ADeploymentBeyondATiersSlotsIsRefused()
    {
        var monitor = new ResourceMonitor(Topology);
        monitor.Add(On(0));
        Assert.Throws<InvalidOperationException>(() => monitor.Add(On(0)));
        Assert.That(monitor.Deployments, Has.Count.EqualTo(1));
    }

    [Test]
    public void ALostTierTakesAwayItsSlotsAndThoseBehindIt()
    {
        var monitor = new ResourceMonitor(Topology);
        monitor.MarkLost(1);
        Assert.That(monitor.IsLost(1), Is.True);
        Assert.That(monitor.FreeSlots(), Is.EqualTo(new[] { 1, 0, 0 }), "the cloud is reached through the edge");
        monitor.MarkRestored(1);
        Assert.That(monitor.FreeSlots(), Is.EqualTo(new[] { 1, 2, 4 }));
        monitor.MarkLost(2);
        Assert.That(monitor.FreeSlots(), Is.EqualTo(new[] { 1, 2, 0 }));
    }

    [Test]
    public void AReserveHoldsOneSlotPerTierUntilReleasedOrRemoved()
    {
        var monitor = new ResourceMonitor(Topology);
        var d = On(1, 2);
        monitor.Add(d);
        Assert.That(monitor.TryReserve(d, [1, 2]), Is.True);
        Assert.That(monitor.FreeSlots(), Is.EqualTo(new[] { 1, 0, 2 }));
        Assert.That(monitor.TryReserve(d, [2]), Is.False, "one reserve per deployment");
        Assert.That(monitor.CanReserve(d, [1]), Is.False, "the edge's two slots are taken");
        Assert.That(monitor.TryReserve(On(1), [1]), Is.False);
        Assert.That(monitor.FreeSlots(), Is.EqualTo(new[] { 1, 0, 2 }), "a refused reserve takes nothing");
        monitor.ReleaseReserve(d);
        Assert.That(monitor.FreeSlots(), Is.EqualTo(new[] { 1, 1, 3 }));
        Assert.That(monitor.TryReserve(d, [1, 2]), Is.True);
        monitor.Remove(d);
        Assert.That(monitor.FreeSlots(), Is.EqualTo(new[] { 1, 2, 4 }), "removing a deployment frees its reserve too");
    }

    [Test]
    public void TheNetworkIsTheTopologysUntilAReportReplacesIt()
    {
        var monitor = new ResourceMonitor(Topology);
        Assert.That(monitor.Network.CapacityBps, Is.EqualTo(Topology.Links.Select(l => l.CapacityBps)));
        monitor.Refresh([new LinkReading(2e6, 1e5, 0.002), new LinkReading(10e6, 3e6, 0.004), new LinkReading(50e6, 0, 0.01)]);
        Assert.That(monitor.Network.CapacityBps, Is.EqualTo(new[] { 2e6, 10e6, 50e6 }));
        Assert.That(monitor.Network.ThroughputBps, Is.EqualTo(new[] { 1e5, 3e6, 0 }));
        Assert.That(monitor.Network.PropagationS, Is.EqualTo(new[] { 0.002, 0.004, 0.01 }));
    }
}
