namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;
using T2CSim.Core.Prediction;
using T2CSim.Core.Randomness;

/// <summary>Shape of a synthetic planning instance (defaults: thesis-like models, a few ms per layer).</summary>
public sealed record SyntheticWorkloadOptions
{
    public int Models { get; init; } = 5;
    public int MinStemDepth { get; init; } = 2;
    public int MaxStemDepth { get; init; } = 5;
    public int MaxTasks { get; init; } = 3;
    public int MaxBranchDepth { get; init; } = 4;
    public int MaxExits { get; init; } = 3;
    public int MinRequestsPerModel { get; init; } = 2;
    public int MaxRequestsPerModel { get; init; } = 12;
    public double MinLatencyRequirementS { get; init; } = 0.05;
    public double MaxLatencyRequirementS { get; init; } = 0.4;
    /// <summary>Free slots per tier; null: the thesis's 3, 3, 7 times ceil(Models / 5), so that they scale with the models.</summary>
    public int[]? Slots { get; init; }
}

/// <summary>
/// A seeded random planning instance on the thesis's three-tier chain: models with a stem, task
/// branches and BranchyNet exits (layer latencies drawn per tier, faster towards the cloud; accuracy
/// growing with depth), and requests with random requirements. Used by `t2c bench planner` and tests.
/// </summary>
public sealed class SyntheticPlanningWorkload
{
    public Topology Topology { get; }
    public ModelCatalog Catalog { get; }
    public IReadOnlyList<Request> Requests { get; }
    public LatencyPredictor Predictor { get; }

    private SyntheticPlanningWorkload(Topology topology, ModelCatalog catalog, IReadOnlyList<Request> requests)
    {
        Topology = topology;
        Catalog = catalog;
        Requests = requests;
        Predictor = new LatencyPredictor(topology, catalog);
    }

    /// <summary>The planner's input: every tier's slots free, links as declared, scaling factors 1.</summary>
    public PlanningContext Context() => new(
        Requests,
        Topology.Tiers.Select(t => t.Slots).ToArray(),
        new LatencyPredictorView(Predictor, NetworkState.FromTopology(Topology), Predictor.UnitTau()));

    public static SyntheticPlanningWorkload Create(SyntheticWorkloadOptions options, long seed)
    {
        var streams = new RandomStreams(seed);
        var thesis = Topology.Thesis();
        int scale = (options.Models + 4) / 5;
        var slots = options.Slots ?? thesis.Tiers.Select(t => t.Slots * scale).ToArray();
        if (slots.Length != thesis.TierCount) throw new ArgumentException($"need {thesis.TierCount} slot counts, got {slots.Length}");
        var topology = new Topology(thesis.Tiers.Select((t, k) => t with { Slots = slots[k] }).ToArray(), thesis.Links);

        var modelRandom = streams.Stream("synthetic:models");
        var models = new List<ModelSpec>(options.Models);
        for (int m = 0; m < options.Models; m++) models.Add(Model($"m{m:D4}", options, modelRandom));

        var requestRandom = streams.Stream("synthetic:requests");
        var requests = new List<Request>();
        foreach (var model in models)
        {
            int count = options.MinRequestsPerModel + requestRandom.NextInt(options.MaxRequestsPerModel - options.MinRequestsPerModel + 1);
            for (int i = 0; i < count; i++)
            {
                var task = model.Tasks[requestRandom.NextInt(model.Tasks.Count)];
                requests.Add(new Request(requests.Count, 0, model.Name, task.Name,
                    Math.Round(requestRandom.Uniform(0.5, 0.95), 2),
                    requestRandom.Uniform(options.MinLatencyRequirementS, options.MaxLatencyRequirementS)));
            }
        }
        return new SyntheticPlanningWorkload(topology, new ModelCatalog(models), requests);
    }

    private static ModelSpec Model(string name, SyntheticWorkloadOptions o, RandomStream random)
    {
        int stemDepth = o.MinStemDepth + random.NextInt(o.MaxStemDepth - o.MinStemDepth + 1);
        var stem = new List<LayerSpec>();
        for (int p = 1; p <= stemDepth; p++) stem.Add(Layer(p, $"stem{p}", null, random));
        int taskCount = 1 + random.NextInt(o.MaxTasks);
        var tasks = new List<TaskSpec>();
        for (int t = 0; t < taskCount; t++)
        {
            string task = $"t{t}";
            var path = new List<LayerSpec>(stem);
            int branch = random.NextInt(o.MaxBranchDepth + 1);
            for (int i = 0; i < branch; i++) path.Add(Layer(path.Count + 1, $"{task}.b{i + 1}", task, random));
            tasks.Add(new TaskSpec(task, path, Exits(task, path.Count, o.MaxExits, random)));
        }
        return new ModelSpec(name, 2304, stemDepth, tasks);
    }

    // Per-tier latency: the device is slowest; edge and cloud are random fractions of it.
    private static double[] TierLatencies(double deviceS, RandomStream random) =>
        [deviceS, deviceS * random.Uniform(0.3, 0.7), deviceS * random.Uniform(0.1, 0.3)];

    private static LayerSpec Layer(int position, string name, string? task, RandomStream random) =>
        new(position, name, task, TierLatencies(random.Uniform(0.004, 0.020), random), 1000 + random.NextInt(40_000));

    private static List<ExitSpec> Exits(string task, int depth, int maxExits, RandomStream random)
    {
        var positions = new SortedSet<int> { depth };
        int wanted = 1 + random.NextInt(Math.Min(maxExits, depth));
        while (positions.Count < wanted) positions.Add(1 + random.NextInt(depth));
        double final = random.Uniform(0.8, 0.95);
        var exits = new List<ExitSpec>();
        foreach (int after in positions)
        {
            // Accuracy grows with the depth the exit reads, up to the final exit's.
            double accuracy = Math.Round(final * (0.6 + 0.4 * after / depth), 3);
            exits.Add(new ExitSpec(task, exits.Count, $"{task}.x{exits.Count + 1}", after, TierLatencies(random.Uniform(0.0003, 0.001), random), 32, accuracy));
        }
        return exits;
    }
}
