namespace T2CSim.Tests.Core.Prediction;

using T2CSim.Core.Domain;
using T2CSim.Core.Prediction;
using T2CSim.Tests.Core.Support;

/// <summary>
/// The predictor against hand arithmetic on the "duo" fixture (Fixtures.DuoTable), every value in
/// seconds. A link moves Z bytes in 8 Z / (0.9 (b - n)) s plus its propagation:
///   sensor_device  1 Mbps, n = 0:      0.9 x  1e6         =    900 000 bit/s free, 1 ms
///   device_edge   24 Mbps, n = 4 Mbps: 0.9 x (24e6 - 4e6) = 18 000 000 bit/s free, 3 ms
///   edge_cloud    40 Mbps, n = 0:      0.9 x 40e6         = 36 000 000 bit/s free, 5 ms
/// The raw input (1000 B) always crosses the sensor link: 8000 / 900 000 + 0.001.
/// </summary>
public sealed class LatencyPredictorTests
{
    private const double Sensor = 8000.0 / 900_000 + 0.001;
    private const double Microsecond = 1e-6;

    private Topology _topology = null!;
    private ModelSpec _duo = null!;
    private LatencyPredictor _predictor = null!;
    private NetworkState _net = null!;

    [SetUp]
    public void SetUp()
    {
        _topology = Fixtures.DuoTopology();
        _duo = Fixtures.Duo(_topology);
        _predictor = new LatencyPredictor(_topology, new ModelCatalog([_duo]));
        _net = NetworkState.FromTopology(_topology);
    }

    private double Predict(string task, string exit, int p, int pPrime)
    {
        var t = _duo.Task(task);
        var x = t.Exits.Single(e => e.Name == exit);
        var cuts = new PartitionPoints(p, pPrime);
        double total = _predictor.Predict(_duo, t, x, cuts, _net, _predictor.UnitTau());
        var parts = _predictor.Breakdown(_duo, t, x, cuts, _net, _predictor.UnitTau());
        Assert.That(parts.TotalS, Is.EqualTo(total).Within(1e-12), "breakdown adds up to the prediction");
        return total;
    }

    [Test]
    public void AllOnDevice()
    {
        // b.final reads position 4 <= p = 4: stem1 + stem2 + b.conv + b.fc + exit head on the device.
        double expected = Sensor + (0.010 + 0.020 + 0.040 + 0.025) + 0.002;
        Assert.That(Predict("b", "b.final", 4, 4), Is.EqualTo(expected).Within(Microsecond));
        Assert.That(expected, Is.EqualTo(0.1068889).Within(Microsecond));
    }

    [Test]
    public void DeviceThenEdge()
    {
        // Device runs 1..2, stem2's 2000 B cross the WiFi, edge runs 3..4 and the exit head.
        double expected = Sensor + (0.010 + 0.020) + (16_000.0 / 18_000_000 + 0.003) + (0.016 + 0.010) + 0.001;
        Assert.That(Predict("b", "b.final", 2, 4), Is.EqualTo(expected).Within(Microsecond));
        Assert.That(expected, Is.EqualTo(0.0707778).Within(Microsecond));
    }

    [Test]
    public void EdgeThenCloud()
    {
        // p = 0: the raw 1000 B are forwarded through the device; edge runs 1..2; 2000 B to the cloud.
        double expected = Sensor + (8_000.0 / 18_000_000 + 0.003) + (0.004 + 0.008)
                          + (16_000.0 / 36_000_000 + 0.005) + (0.008 + 0.005) + 0.0005;
        Assert.That(Predict("b", "b.final", 0, 2), Is.EqualTo(expected).Within(Microsecond));
        Assert.That(expected, Is.EqualTo(0.0442778).Within(Microsecond));
    }

    [Test]
    public void AllThreeTiers()
    {
        // Device 1, edge 2..3, cloud 4: stem1's 4000 B on the WiFi, b.conv's 1500 B on broadband.
        double expected = Sensor + 0.010 + (32_000.0 / 18_000_000 + 0.003) + (0.008 + 0.016)
                          + (12_000.0 / 36_000_000 + 0.005) + 0.005 + 0.0005;
        Assert.That(Predict("b", "b.final", 1, 3), Is.EqualTo(expected).Within(Microsecond));
        Assert.That(expected, Is.EqualTo(0.0595).Within(Microsecond));
    }

    [Test]
    public void AllInCloud()
    {
        // The raw input crosses every link; the cloud runs all four layers and the exit head.
        double expected = Sensor + (8_000.0 / 18_000_000 + 0.003) + (8_000.0 / 36_000_000 + 0.005)
                          + (0.002 + 0.004 + 0.008 + 0.005) + 0.0005;
        Assert.That(Predict("b", "b.final", 0, 0), Is.EqualTo(expected).Within(Microsecond));
        Assert.That(expected, Is.EqualTo(0.0380556).Within(Microsecond));
    }

    [Test]
    public void ExitBeforeTheFirstCut()
    {
        // a.exit1 reads position 1 <= p = 2: the device runs stem1 and the exit head; nothing leaves it.
        Assert.That(Predict("a", "a.exit1", 2, 3), Is.EqualTo(Sensor + 0.010 + 0.005).Within(Microsecond));
        // b.exit1 reads position 2 = p: still all on the device, although b's later layers are elsewhere.
        Assert.That(Predict("b", "b.exit1", 2, 4), Is.EqualTo(Sensor + 0.010 + 0.020 + 0.006).Within(Microsecond));
    }

    [Test]
    public void TasksShareTheModelsPartitionThroughMinOfCutAndDepth()
    {
        // The model's cuts (1, 3) serve both tasks. For a (depth 3) the edge runs 2..min(3, 3) and the
        // final exit head, and the cloud gets nothing: no broadband crossing.
        double a = Sensor + 0.010 + (32_000.0 / 18_000_000 + 0.003) + (0.008 + 0.012) + 0.0015;
        Assert.That(Predict("a", "a.final", 1, 3), Is.EqualTo(a).Within(Microsecond));
        // With (0, 4), p' = 4 exceeds a's depth: the edge runs a's whole path.
        double edgeOnly = Sensor + (8_000.0 / 18_000_000 + 0.003) + (0.004 + 0.008 + 0.012) + 0.0015;
        Assert.That(Predict("a", "a.final", 0, 4), Is.EqualTo(edgeOnly).Within(Microsecond));
    }

    [Test]
    public void BreakdownPlacesComputeAndTransfersOnTheRightTiersAndLinks()
    {
        var b = _duo.Task("b");
        var parts = _predictor.Breakdown(_duo, b, b.FinalExit, new PartitionPoints(1, 3), _net, _predictor.UnitTau());
        Assert.That(parts.ExitTier, Is.EqualTo(2));
        Assert.That(parts.ComputeS[0], Is.EqualTo(0.010).Within(1e-12));
        Assert.That(parts.ComputeS[1], Is.EqualTo(0.024).Within(1e-12));
        Assert.That(parts.ComputeS[2], Is.EqualTo(0.0055).Within(1e-12));
        Assert.That(parts.TransmitS[0], Is.EqualTo(Sensor).Within(1e-12));
        Assert.That(parts.TransmitS[1], Is.EqualTo(32_000.0 / 18_000_000 + 0.003).Within(1e-12));
        Assert.That(parts.TransmitS[2], Is.EqualTo(12_000.0 / 36_000_000 + 0.005).Within(1e-12));
    }

    [Test]
    public void ScalingFactorsMultiplyEachTiersCompute()
    {
        var b = _duo.Task("b");
        double[] tau = [2.0, 1.5, 1.0];
        double scaled = _predictor.Predict(_duo, b, b.FinalExit, new PartitionPoints(2, 4), _net, tau);
        double expected = Sensor + 2.0 * (0.010 + 0.020) + (16_000.0 / 18_000_000 + 0.003) + 1.5 * (0.016 + 0.010 + 0.001);
        Assert.That(scaled, Is.EqualTo(expected).Within(Microsecond));
    }

    [Test]
    public void ASaturatedCrossedLinkMakesThePredictionInfinite()
    {
        var b = _duo.Task("b");
        _net.ThroughputBps[2] = _net.CapacityBps[2];
        Assert.That(_predictor.Predict(_duo, b, b.FinalExit, new PartitionPoints(0, 2), _net, _predictor.UnitTau()), Is.EqualTo(double.PositiveInfinity));
        // A placement that never uses that link is unaffected.
        Assert.That(_predictor.Predict(_duo, b, b.FinalExit, new PartitionPoints(2, 4), _net, _predictor.UnitTau()), Is.EqualTo(0.0707778).Within(Microsecond));
    }
}
