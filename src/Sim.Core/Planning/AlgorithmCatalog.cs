namespace T2CSim.Core.Planning;

using T2CSim.Core.Extensions;

/// <summary>
/// An algorithm of the comparison (slides, "Compared Algorithms") and its features. The controller
/// reads the flags: MultiTask (aggregate per model, else per model and task), Hitchhiking (attach new
/// requests to deployed models), Reconfiguration (run ReconfigurationAlgorithm at runtime).
/// EarlyExit says whether the planner may pick exits other than the final one.
/// </summary>
public sealed record AlgorithmSpec(string Name, bool MultiTask, bool Hitchhiking, bool EarlyExit, bool Reconfiguration, IDeploymentPlanner Planner)
{
    /// <summary>Predictions include the work queued on the request's path; requests no one can serve in time are rejected at once (Controller/LoadAwareAdmission).</summary>
    public bool LoadAware { get; init; }
    /// <summary>Reconfigure only when the requests expected to be gained exceed those lost to the mechanism's cost (Planning/ReconfigurationCost).</summary>
    public bool CostAwareReconfiguration { get; init; }
    /// <summary>The aggregation period follows the arrival rate and the queued requests' slack (Controller/AdaptiveAggregationPeriod).</summary>
    public bool AdaptiveAggregation { get; init; }
}

/// <summary>
/// The algorithms by name (case-insensitive): the thesis's comparison, then any a researcher registered
/// (docs/extending.md). A registered algorithm runs everywhere a name is taken: `t2c run`, `t2c sweep`,
/// Experiment.Run.
/// </summary>
public static class AlgorithmCatalog
{
    /// <summary>Default exit rule of T2C_MHE and T2C_MHER (docs/algorithms.md, "Exit points").</summary>
    public const ExitPointSelection DefaultEarlyExitSelection = ExitPointSelection.StrictestAccuracy;

    private static readonly NamedRegistry<AlgorithmSpec> Registry = new("algorithm", a => a.Name,
    [
        new("NEU", MultiTask: false, Hitchhiking: false, EarlyExit: false, Reconfiguration: false, new NeurosurgeonPlanner()),
        new("Edgent", MultiTask: false, Hitchhiking: false, EarlyExit: true, Reconfiguration: false, new EdgentPlanner()),
        new("T2C_M", MultiTask: true, Hitchhiking: false, EarlyExit: false, Reconfiguration: false, new T2CGreedyPlanner("T2C_M", ExitPointSelection.FinalExit)),
        // Hitchhiking is the controller's: the planner is T2C_M's.
        new("T2C_MH", MultiTask: true, Hitchhiking: true, EarlyExit: false, Reconfiguration: false, new T2CGreedyPlanner("T2C_MH", ExitPointSelection.FinalExit)),
        new("T2C_MHE", MultiTask: true, Hitchhiking: true, EarlyExit: true, Reconfiguration: false, new T2CGreedyPlanner("T2C_MHE", DefaultEarlyExitSelection)),
        // Reconfiguration is the controller's: the planner is T2C_MHE's.
        new("T2C_MHER", MultiTask: true, Hitchhiking: true, EarlyExit: true, Reconfiguration: true, new T2CGreedyPlanner("T2C_MHER", DefaultEarlyExitSelection)),
        // The optimum of T2C_MHE's planning problem: same features, exact planner.
        new("T2C_OPT", MultiTask: true, Hitchhiking: true, EarlyExit: true, Reconfiguration: false, new OptimalPlanner()),
        // Beyond the thesis (docs/algorithms.md): T2C_MHE or T2C_MHER with one new mechanism each.
        new("T2C_MHE-L", MultiTask: true, Hitchhiking: true, EarlyExit: true, Reconfiguration: false, new T2CGreedyPlanner("T2C_MHE-L", DefaultEarlyExitSelection)) { LoadAware = true },
        new("T2C_MHER-C", MultiTask: true, Hitchhiking: true, EarlyExit: true, Reconfiguration: true, new T2CGreedyPlanner("T2C_MHER-C", DefaultEarlyExitSelection)) { CostAwareReconfiguration = true },
        new("T2C_MHE-A", MultiTask: true, Hitchhiking: true, EarlyExit: true, Reconfiguration: false, new T2CGreedyPlanner("T2C_MHE-A", DefaultEarlyExitSelection)) { AdaptiveAggregation = true },
    ]);

    /// <summary>Every algorithm's name: the built-in ones first, then the registered ones in order.</summary>
    public static IReadOnlyList<string> Names => Registry.Names;

    /// <summary>The thesis's algorithms and this project's (never a registered one).</summary>
    public static IReadOnlyList<string> BuiltIn => Registry.Names.Take(Registry.BuiltInCount).ToArray();

    public static AlgorithmSpec Get(string name) => Registry.Get(name);

    /// <summary>
    /// Adds an algorithm under spec.Name, for the rest of the process or until the result is disposed.
    /// The planner is shared by every run of a sweep (in parallel), so it must keep no state between
    /// calls. A name already taken (in any case) is refused.
    /// </summary>
    public static IDisposable Register(AlgorithmSpec spec) => Registry.Register(spec);
}
