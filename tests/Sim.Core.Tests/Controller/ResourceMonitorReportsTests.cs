namespace T2CSim.Tests.Core.Controller;

using T2CSim.Core.Controller;
using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using T2CSim.Core.Prediction;
using T2CSim.Tests.Core.Support;

/// <summary>What the resource monitor holds of the agents' reports: link readings, stage and transfer logs, tiers lost and restored.</summary>
public class ResourceMonitorReportsTests
{
    private static readonly Topology World = CameraWorld.Topology(edgeSlots: 2, cloudSlots: 3);

    [Test]
    public void AStatusReportReplacesTheLinkStateEveryPredictionUses()
    {
        var monitor = new ResourceMonitor(World);
        Assert.That(monitor.Network.CapacityBps, Is.EqualTo(new[] { 100e6, 100e6, 10e6 }), "the scenario's links before any report");
        monitor.Refresh([new LinkReading(50e6, 1e6, 0.002), new LinkReading(60e6, 2e6, 0.003), new LinkReading(5e6, 3e6, 0.004)]);
        Assert.That(monitor.Network.CapacityBps, Is.EqualTo(new[] { 50e6, 60e6, 5e6 }));
        Assert.That(monitor.Network.ThroughputBps, Is.EqualTo(new[] { 1e6, 2e6, 3e6 }));
        Assert.That(monitor.Network.PropagationS, Is.EqualTo(new[] { 0.002, 0.003, 0.004 }));
    }

    [Test]
    public void AReportThatRepeatsAFieldSharesItsArrayAndAnEarlierSnapshotKeepsItsValues()
    {
        var monitor = new ResourceMonitor(World);
        monitor.Refresh([new LinkReading(50e6, 1e6, 0.002), new LinkReading(60e6, 2e6, 0.003), new LinkReading(5e6, 3e6, 0.004)]);
        var first = monitor.Network;
        monitor.Refresh([new LinkReading(50e6, 1e6, 0.002), new LinkReading(60e6, 4e6, 0.003), new LinkReading(5e6, 3e6, 0.004)]);
        var second = monitor.Network;
        Assert.That(second, Is.Not.SameAs(first), "every report is a new snapshot");
        Assert.That(second.CapacityBps, Is.SameAs(first.CapacityBps), "capacities repeated: shared, not copied");
        Assert.That(second.PropagationS, Is.SameAs(first.PropagationS));
        Assert.That(second.ThroughputBps, Is.Not.SameAs(first.ThroughputBps), "one throughput changed: a new array");
        Assert.That(second.ThroughputBps, Is.EqualTo(new[] { 1e6, 4e6, 3e6 }));
        Assert.That(first.ThroughputBps, Is.EqualTo(new[] { 1e6, 2e6, 3e6 }), "a job that started under the first report still reads it");

        // A link change (a scenario's event) changes a capacity: that array is new, the others still shared.
        monitor.Refresh([new LinkReading(50e6, 1e6, 0.002), new LinkReading(60e6, 4e6, 0.003), new LinkReading(2.5e6, 3e6, 0.004)]);
        Assert.That(monitor.Network.CapacityBps, Is.EqualTo(new[] { 50e6, 60e6, 2.5e6 }));
        Assert.That(second.CapacityBps, Is.EqualTo(new[] { 50e6, 60e6, 5e6 }));
        Assert.That(monitor.Network.ThroughputBps, Is.SameAs(second.ThroughputBps));
        // Equal is bit for bit: 0 and -0 are different readings.
        monitor.Refresh([new LinkReading(50e6, 0.0, 0.002), new LinkReading(60e6, 4e6, 0.003), new LinkReading(2.5e6, 3e6, 0.004)]);
        var zero = monitor.Network.ThroughputBps;
        monitor.Refresh([new LinkReading(50e6, -0.0, 0.002), new LinkReading(60e6, 4e6, 0.003), new LinkReading(2.5e6, 3e6, 0.004)]);
        Assert.That(monitor.Network.ThroughputBps, Is.Not.SameAs(zero));
        Assert.That(double.IsNegative(monitor.Network.ThroughputBps[0]), Is.True);
    }

    [Test]
    public void StageAndTransferLogsBecomeTheScalingFactors()
    {
        var monitor = new ResourceMonitor(World, new ControllerSettings { ScalingWindowS = 60 });
        monitor.RecordStage(1, node: 1, lookupS: 0.010, runtimeS: 0.015);
        monitor.RecordStage(2, node: 1, lookupS: 0.010, runtimeS: 0.025);
        Assert.That(monitor.ScalingFactors.Current(2), Is.EqualTo(new[] { 1.0, 2.0, 1.0 }).Within(1e-12), "tau = mean(1.5, 2.5) on the edge; 1 without logs");

        // 20,000 B over the idle broadband link: predicted 20,000 × 8 / 9 Mbps + 5 ms; measured three times that.
        double predicted = 20_000 * 8 / 9e6 + 0.005;
        monitor.RecordTransfer(3, monitor.Network, link: 2, bytes: 20_000, measuredS: 3 * predicted);
        Assert.That(monitor.LinkFactors.Current(3), Is.EqualTo(new[] { 1.0, 1.0, 3.0 }).Within(1e-12));
        // Readings the factor cannot use are dropped.
        monitor.RecordTransfer(4, monitor.Network, link: 7, bytes: 20_000, measuredS: 1);
        monitor.RecordTransfer(4, monitor.Network, link: 2, bytes: 20_000, measuredS: double.NaN);
        Assert.That(monitor.LinkFactors.Count(2, 4), Is.EqualTo(1));
        // Outside the window the logs are forgotten.
        Assert.That(monitor.ScalingFactors.Current(62), Is.EqualTo(new[] { 1.0, 1.0, 1.0 }));
    }

    [Test]
    public void ALostTierOffersNoSlotsNorDoTheTiersBehindItUntilRestored()
    {
        var monitor = new ResourceMonitor(World);
        Assert.That(monitor.FreeSlots(), Is.EqualTo(new[] { 0, 2, 3 }));
        monitor.MarkLost(1);
        Assert.That(monitor.IsLost(1), Is.True);
        Assert.That(monitor.IsLost(2), Is.False, "the cloud's agent still answers");
        Assert.That(monitor.FreeSlots(), Is.EqualTo(new[] { 0, 0, 0 }), "every job enters at the first tier: the cloud is cut off too");
        monitor.MarkRestored(1);
        Assert.That(monitor.FreeSlots(), Is.EqualTo(new[] { 0, 2, 3 }));
        monitor.MarkLost(2);
        Assert.That(monitor.FreeSlots(), Is.EqualTo(new[] { 0, 2, 0 }));
    }

    [Test]
    public void DeploymentsHoldOneSlotOnEachOfTheirTiersAndReservationsComeOnTop()
    {
        var monitor = new ResourceMonitor(World);
        var cam = CameraWorld.Camera();
        Deployment Split(int id) => new(id, cam, new ModelDeployment("cam", new PartitionPoints(0, 1), [new TaskAssignment("t", 0, 0.7, 0)], [1, 2], []), 0);
        var a = Split(0);
        monitor.Add(a);
        monitor.Add(Split(1));
        Assert.That(monitor.FreeSlots(), Is.EqualTo(new[] { 0, 0, 1 }));
        Assert.Throws<InvalidOperationException>(() => monitor.Add(Split(2)), "the edge has no slot left");
        Assert.That(monitor.TryReserve(a, [2]), Is.True);
        Assert.That(monitor.FreeSlots(), Is.EqualTo(new[] { 0, 0, 0 }));
        monitor.Remove(a);
        Assert.That(monitor.FreeSlots(), Is.EqualTo(new[] { 0, 1, 2 }), "removing a deployment frees its slots and its reservation");
        Assert.That(monitor.Deployments, Has.Count.EqualTo(1));
    }
}
