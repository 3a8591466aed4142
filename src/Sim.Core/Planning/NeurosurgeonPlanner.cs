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
        var slots = new PathSlots(view.Topology, context.FreeSlots.ToArray(), context.Reach);
        var shortest = new ShortestLatencyPartition(view);
        using var demands = InstanceDemands.Group(context, multiTask: false);
        var plan = new PlanAssembler(Name, context.Requests, view.Topology, demands.Count);
        foreach (ref readonly var demand in demands.Instances)
        {
            int exit = demand.Tasks[0].Task.Exits.Count - 1;
            shortest.Bind(demand);
            if (!shortest.TryFind(exit, slots.Local(demand.Model), out var chosen) || chosen.Served == 0) continue;
            plan.Add(demand, chosen.Cuts, [exit], [chosen.LatencyS], chosen.Mask);
            slots.Take(demand.Model, chosen.Mask);
        }
        return plan.Build();
    }
}
