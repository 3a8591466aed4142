namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>The exit a deployed model runs for one of its tasks, and what it is predicted to give.</summary>
public sealed record TaskAssignment(string Task, int ExitIndex, double Accuracy, double PredictedLatencyS);

/// <summary>
/// One deployed instance of a network: its partition points, the tiers it occupies (one slot on each
/// tier that runs at least one of its layers), the exit of each task it serves, and the requests it is
/// predicted to serve. Without multi-task (NEU, Edgent) an instance serves a single task.
/// </summary>
public sealed record ModelDeployment(
    string Model,
    PartitionPoints Partition,
    IReadOnlyList<TaskAssignment> Tasks,
    IReadOnlyList<int> TiersUsed,
    IReadOnlyList<int> ServedRequestIds)
{
    public TaskAssignment? ForTask(string task)
    {
        foreach (var t in Tasks) if (t.Task == task) return t;
        return null;
    }
}

/// <summary>What a planner decided for one aggregation period.</summary>
/// <param name="SlotsUsed">Slots taken on each tier by this plan.</param>
/// <param name="UnplacedRequestIds">Requests of the input that no deployment is predicted to serve.</param>
public sealed record DeploymentPlan(
    string Algorithm,
    IReadOnlyList<ModelDeployment> Deployments,
    IReadOnlyList<int> SlotsUsed,
    IReadOnlyList<int> UnplacedRequestIds)
{
    public int PredictedServed => Deployments.Sum(d => d.ServedRequestIds.Count);
}

/// <summary>
/// Everything a planner may read: the aggregated requests, the free slots per tier, and the predictor
/// with the current link state and scaling factors.
/// </summary>
public sealed record PlanningContext(
    IReadOnlyList<Request> Requests,
    IReadOnlyList<int> FreeSlots,
    LatencyPredictorView Predictor);

/// <summary>The predictor bound to the link state and scaling factors in force when a plan is made.</summary>
public sealed record LatencyPredictorView(Prediction.LatencyPredictor Predictor, Prediction.NetworkState Network, double[] Tau)
{
    public double Predict(ModelSpec model, TaskSpec task, ExitSpec exit, PartitionPoints cuts) =>
        Predictor.Predict(model, task, exit, cuts, Network, Tau);

    /// <summary>Predict for one task with this view's links and factors precomputed (planners' hot loops).</summary>
    public Prediction.TaskLatencyTable Bind(ModelSpec model, TaskSpec task) => Predictor.Bind(model, task, Network, Tau);

    /// <summary>Bind into a caller's reusable buffer (see LatencyPredictor.BindInto); grows it when too small.</summary>
    internal Prediction.BoundTaskLatency BindInto(ModelSpec model, TaskSpec task, ref double[] transfer, int offset)
    {
        int needed = offset + Predictor.TransferLength(task);
        if (transfer.Length < needed) Array.Resize(ref transfer, Math.Max(needed, 2 * transfer.Length));
        return Predictor.BindInto(model, task, Network, Tau, transfer, offset);
    }

    public ModelCatalog Catalog => Predictor.Catalog;
    public int TierCount => Predictor.Topology.TierCount;
}

/// <summary>A deployment planning algorithm of the thesis (or T2C_OPT). Pure: no clock, no randomness.</summary>
public interface IDeploymentPlanner
{
    string Name { get; }
    DeploymentPlan Plan(PlanningContext context);
}
