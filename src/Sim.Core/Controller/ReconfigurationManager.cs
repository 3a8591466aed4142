namespace T2CSim.Core.Controller;

using System.Diagnostics;
using T2CSim.Core.Planning;

/// <summary>
/// The slides' reconfiguration manager (T2C_MHER): every reconfiguration period it checks the runtime
/// performance of each serving model, the share of its requests completed since the last check that
/// met both requirements, and on a drop below the threshold runs the dynamic reconfiguration algorithm
/// within the tiers the model already holds.
/// </summary>
public sealed class ReconfigurationManager
{
    private readonly double _threshold;

    public ReconfigurationManager(double threshold) => _threshold = threshold;

    public int Reconfigurations { get; private set; }

    /// <summary>The new plan for a deployment whose performance dropped, or null to leave it as it is.</summary>
    internal ModelDeployment? Check(Deployment deployment, LatencyPredictorView view, Action<TimeSpan> countPlannerTime)
    {
        var recent = deployment.RecentlyCompleted;
        if (deployment.State != DeploymentState.Serving || recent.Count == 0) return null;
        int satisfied = recent.Count(r => r.Outcome == RequestOutcome.Served);
        double ratio = (double)satisfied / recent.Count;
        var requests = recent.Select(r => r.Request).ToList();
        recent.Clear();
        if (ratio >= _threshold) return null;

        long start = Stopwatch.GetTimestamp();
        var proposal = ReconfigurationAlgorithm.Reconfigure(deployment.Plan, requests, view);
        countPlannerTime(Stopwatch.GetElapsedTime(start));
        if (SameConfiguration(proposal, deployment.Plan)) return null;
        Reconfigurations++;
        return proposal;
    }

    private static bool SameConfiguration(ModelDeployment a, ModelDeployment b) =>
        a.Partition.Equals(b.Partition)
        && a.Tasks.Count == b.Tasks.Count
        && a.Tasks.All(t => b.ForTask(t.Task) is { } u && u.ExitIndex == t.ExitIndex);
}
