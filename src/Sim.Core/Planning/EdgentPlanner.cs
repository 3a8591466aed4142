namespace T2CSim.Core.Planning;

/// <summary>
/// Edgent [WC'19] as the thesis compares it: no multi-task; per (model, task) instance, the exit with
/// the highest accuracy for which some partition points meet the latency requirement, restricted to
/// exits that meet the accuracy requirement ("we forced it to choose the exit points satisfying the
/// accuracy requirements"), with the shortest-latency partition points for that exit. With many
/// requests per instance: an exit is admissible when it meets the accuracy requirement of at least one
/// request, and it "meets the latency requirement" when its shortest-latency partition serves at least
/// one of those requests (docs/algorithms.md). Instances are planned most requests first, as in T2C.
/// </summary>
public sealed class EdgentPlanner : IDeploymentPlanner
{
    public string Name => "Edgent";

    public DeploymentPlan Plan(PlanningContext context)
    {
        var view = context.Predictor;
        var free = context.FreeSlots.ToArray();
        var plan = new PlanAssembler(Name, context.Requests, view.TierCount);
        foreach (var demand in InstanceDemand.Group(context.Requests, view.Catalog, multiTask: false))
        {
            var chosen = Choose(demand, view, free);
            if (chosen is null) continue;
            plan.Add(demand, chosen);
            ShortestLatencyPartition.Take(free, chosen.Mask);
        }
        return plan.Build();
    }

    private static Configuration? Choose(InstanceDemand demand, LatencyPredictorView view, int[] free)
    {
        var task = demand.Tasks[0];
        foreach (int exit in ByAccuracyDescending(task.Task))
        {
            if (task.AccuracyEligible(exit) == 0) continue;
            var candidate = ShortestLatencyPartition.Find(demand, exit, view, free);
            if (candidate is { Served: > 0 }) return candidate;
        }
        return null;
    }

    /// <summary>Exit indices, most accurate first; equal accuracies keep the earlier (cheaper) exit first.</summary>
    private static int[] ByAccuracyDescending(Domain.TaskSpec task)
    {
        var order = new int[task.Exits.Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            int c = task.Exits[b].Accuracy.CompareTo(task.Exits[a].Accuracy);
            return c != 0 ? c : a.CompareTo(b);
        });
        return order;
    }
}
