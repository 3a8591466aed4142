namespace T2CSim.Tests.Core.Support;

using T2CSim.Core.Domain;

/// <summary>
/// The small world of the controller tests (reconfiguration, its mechanisms, load-aware admission):
/// fast sensor and WiFi links (100 Mbps), a slow 10 Mbps broadband link, one core per tier, and a
/// device with no slot, so the model must live on the edge and the cloud.
/// </summary>
public static class CameraWorld
{
    public static Topology Topology(int edgeSlots = 1, int cloudSlots = 1) => new(
        [new TierSpec("device", 0, 1), new TierSpec("edge", edgeSlots, 1), new TierSpec("cloud", cloudSlots, 1)],
        [new LinkSpec("sensor_device", 100e6, 0.001, 0), new LinkSpec("device_edge", 100e6, 0.001, 0), new LinkSpec("edge_cloud", 10e6, 0.005, 0)]);

    /// <summary>
    /// Input 50,000 B; layer 1 (edge 10 ms, cloud 2 ms) shrinks it to 20,000 B; layer 2 (edge 25 ms,
    /// cloud 2 ms) to 1,000 B; layer 3 likewise. Early exit after 2 (accuracy 0.7), final after 3; heads 1 ms.
    /// Predicted with the early exit (0.9 headroom): sensor and WiFi 5.44 ms each;
    ///   (0,1): edge layer 1, broadband 20,000 B = 17.8 + 5 ms, cloud layer 2 + head: 46.7 ms;
    ///   (0,2): edge layers 1, 2 and the head: 46.9 ms — no broadband at all.
    /// With the broadband link halved, (0,1) needs about 67 ms; (0,2) is unchanged.
    /// </summary>
    public static ModelSpec Camera() => new("cam", 50_000, 3,
    [
        new TaskSpec("t",
            [
                new LayerSpec(1, "l1", null, [0.040, 0.010, 0.002], 20_000),
                new LayerSpec(2, "l2", null, [0.040, 0.025, 0.002], 1_000),
                new LayerSpec(3, "l3", null, [0.040, 0.030, 0.002], 100),
            ],
            [new ExitSpec("t", 0, "t.early", 2, [0.001, 0.001, 0.001], 8, 0.7), new ExitSpec("t", 1, "t.final", 3, [0.001, 0.001, 0.001], 8, 0.9)]),
    ]);
}
