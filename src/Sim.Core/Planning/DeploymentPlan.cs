namespace T2CSim.Core.Planning;

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
