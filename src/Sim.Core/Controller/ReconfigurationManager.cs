namespace T2CSim.Core.Controller;

using System.Diagnostics;
using T2CSim.Core.Planning;

/// <summary>
/// The slides' reconfiguration manager (T2C_MHER). Every reconfiguration period it checks the runtime
/// performance of each serving model over the period: of the requests that wanted it — those it
/// completed, and those of its model left waiting in the queue because it no longer promised to serve
/// them — the share it served. On a drop below the threshold it runs the dynamic reconfiguration
/// algorithm for those requests, within the tiers the model already holds.
/// </summary>
public sealed class ReconfigurationManager
{
    private readonly double _threshold;

    public ReconfigurationManager(double threshold) => _threshold = threshold;

    public int Reconfigurations { get; private set; }

    /// <summary>The new plan for a deployment whose performance dropped, or null to leave it as it is.</summary>
    /// <param name="approve">Optional last word on a proposal, given the demand it was made for (the cost-aware rule); null approves all.</param>
    internal ModelDeployment? Check(Deployment deployment, IReadOnlyList<RequestRecord> queuedForModel, LatencyPredictorView view, Action<TimeSpan> countPlannerTime,
        Func<ModelDeployment, IReadOnlyList<Domain.Request>, bool>? approve = null)
    {
        var completed = deployment.RecentlyCompleted;
        if (deployment.State != DeploymentState.Serving || completed.Count + queuedForModel.Count == 0)
        {
            completed.Clear();
            return null;
        }
        int served = completed.Count(r => r.Outcome == RequestOutcome.Served);
        double performance = (double)served / (completed.Count + queuedForModel.Count);
        var demand = completed.Concat(queuedForModel).Select(r => r.Request).ToList();
        completed.Clear();
        if (performance >= _threshold) return null;

        long start = Stopwatch.GetTimestamp();
        var proposal = ReconfigurationAlgorithm.Reconfigure(deployment.Plan, demand, view);
        countPlannerTime(Stopwatch.GetElapsedTime(start));
        if (SameConfiguration(proposal, deployment.Plan)) return null;
        if (approve is not null && !approve(proposal, demand)) return null;
        Reconfigurations++;
        return proposal;
    }

    private static bool SameConfiguration(ModelDeployment a, ModelDeployment b) =>
        a.Partition.Equals(b.Partition)
        && a.Tasks.Count == b.Tasks.Count
        && a.Tasks.All(t => b.ForTask(t.Task) is { } u && u.ExitIndex == t.ExitIndex);
}
