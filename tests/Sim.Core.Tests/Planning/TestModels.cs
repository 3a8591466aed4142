namespace T2CSim.Tests.Core.Planning;

using T2CSim.Core.Domain;
using T2CSim.Core.Planning;
using T2CSim.Core.Prediction;

/// <summary>
/// Hand-built models and a chain whose links move one byte per microsecond with no propagation, so
/// predicted latencies can be worked out on paper in milliseconds.
/// </summary>
internal static class TestModels
{
    /// <summary>Capacity at which 0.9 b = 8 Mbit/s: 1 byte takes 1 µs.</summary>
    public const double MicrosecondPerByteBps = 8e6 / 0.9;

    public static Topology Chain(int deviceSlots, int edgeSlots, int cloudSlots) => new(
        [new TierSpec("device", deviceSlots, 1), new TierSpec("edge", edgeSlots, 1), new TierSpec("cloud", cloudSlots, 1)],
        [
            new LinkSpec("sensor_device", MicrosecondPerByteBps, 0, 0),
            new LinkSpec("device_edge", MicrosecondPerByteBps, 0, 0),
            new LinkSpec("edge_cloud", MicrosecondPerByteBps, 0, 0),
        ]);

    /// <summary>A layer with latencies in ms on device, edge, cloud.</summary>
    public static LayerSpec Layer(int position, double deviceMs, double edgeMs, double cloudMs, long outputBytes, string? task = null) =>
        new(position, $"{task ?? "stem"}{position}", task, [deviceMs / 1000, edgeMs / 1000, cloudMs / 1000], outputBytes);

    /// <summary>An exit head that costs nothing, so latencies are the layers' and the links'.</summary>
    public static ExitSpec Exit(string task, int index, int after, double accuracy) =>
        new(task, index, $"{task}.x{index}", after, [0, 0, 0], 16, accuracy);

    /// <summary>
    /// "Two-layer" model: input 2000 B; both layers cost 10 / 5 / 1 ms on device / edge / cloud; layer 1
    /// outputs 1000 B, layer 2 100 B; task "t" has exits after 1 (accuracy 0.6) and after 2 (0.9).
    /// Final-exit latencies (ms): all device (2,2) 2+20 = 22; all edge (0,2) 2+2+10 = 14;
    /// all cloud (0,0) 2+2+2+2 = 8; (0,1) 2+2+5+1+1 = 11; (1,1) 2+10+1+1+1 = 15; (1,2) 2+10+1+5 = 18.
    /// Exit after 1: device (1,x) 2+10 = 12; edge (0,1..) 2+2+5 = 9; cloud (0,0) 2+2+2+1 = 7.
    /// </summary>
    public static ModelSpec TwoLayer(string name) => new(name, 2000, 2,
    [
        new TaskSpec("t", [Layer(1, 10, 5, 1, 1000), Layer(2, 10, 5, 1, 100)], [Exit("t", 0, 1, 0.6), Exit("t", 1, 2, 0.9)]),
    ]);

    /// <summary>
    /// Multi-task model: stem layer 1 (10/5/1 ms, 1000 B), then tasks "x" and "y", each with one branch
    /// layer (10/5/1 ms, 100 B) and a final exit after 2 (accuracy 0.9). Both tasks all on the cloud: 8 ms.
    /// </summary>
    public static ModelSpec TwoTask(string name)
    {
        var stem = Layer(1, 10, 5, 1, 1000);
        return new(name, 2000, 1,
        [
            new TaskSpec("x", [stem, Layer(2, 10, 5, 1, 100, "x")], [Exit("x", 0, 2, 0.9)]),
            new TaskSpec("y", [stem, Layer(2, 10, 5, 1, 100, "y")], [Exit("y", 0, 2, 0.9)]),
        ]);
    }

    public static Request Request(int id, string model, string task, double minAccuracy, double maxLatencyMs) =>
        new(id, 0, model, task, minAccuracy, maxLatencyMs / 1000);

    public static PlanningContext Context(Topology topology, IReadOnlyList<ModelSpec> models, IReadOnlyList<Request> requests, NetworkState? network = null)
    {
        var predictor = new LatencyPredictor(topology, new ModelCatalog(models));
        return new PlanningContext(requests, topology.Tiers.Select(t => t.Slots).ToArray(),
            new LatencyPredictorView(predictor, network ?? NetworkState.FromTopology(topology), predictor.UnitTau()));
    }

    /// <summary>Small random instances for property tests: 1-3 models, shallow paths, 0-2 slots per tier.</summary>
    public static PlanningContext Random(int seed)
    {
        var slotRandom = new T2CSim.Core.Randomness.RandomStreams(seed).Stream("test:slots");
        var options = new SyntheticWorkloadOptions
        {
            Models = 1 + slotRandom.NextInt(3),
            MinStemDepth = 1,
            MaxStemDepth = 2,
            MaxTasks = 2,
            MaxBranchDepth = 2,
            MaxExits = 2,
            MinRequestsPerModel = 1,
            MaxRequestsPerModel = 6,
            MinLatencyRequirementS = 0.02,
            MaxLatencyRequirementS = 0.12,
            Slots = [slotRandom.NextInt(3), slotRandom.NextInt(3), slotRandom.NextInt(3)],
        };
        return SyntheticPlanningWorkload.Create(options, seed).Context();
    }
}
