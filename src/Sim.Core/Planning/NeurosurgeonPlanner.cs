namespace T2CSim.Core.Planning;

/// <summary>
/// NEU, Neurosurgeon [SIGARCH'17] as the thesis compares it: no multi-task (each requested task of a
/// model is its own instance), the final exit, and the partition points with the shortest predicted
/// latency among those that fit the free slots — requirements play no part in the choice. Instances
/// are planned in T2C's order (most requests first) so that the comparison isolates the features;
/// an instance predicted to serve no request is not deployed (no planner spends slots on nobody).
/// </summary>
public sealed class NeurosurgeonPlanner : IDeploymentPlanner
{
    public string Name => "NEU";

    public DeploymentPlan Plan(PlanningContext context)
    {
        var view = context.Predictor;
        var free = context.FreeSlots.ToArray();
        var plan = new PlanAssembler(Name, context.Requests, view.TierCount);
        foreach (var demand in InstanceDemand.Group(context.Requests, view.Catalog, multiTask: false))
        {
            var chosen = ShortestLatencyPartition.Find(demand, demand.Tasks[0].Task.Exits.Count - 1, view, free);
            if (chosen is null || chosen.Served == 0) continue;
            plan.Add(demand, chosen);
            ShortestLatencyPartition.Take(free, chosen.Mask);
        }
        return plan.Build();
    }
}
