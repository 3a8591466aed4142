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
        var slots = new PathSlots(view.Topology, context.FreeSlots.ToArray(), context.Reach);
        var shortest = new ShortestLatencyPartition(view);
        using var demands = InstanceDemands.Group(context, multiTask: false);
        var plan = new PlanAssembler(Name, context.Requests, view.Topology, demands.Count);
        foreach (ref readonly var demand in demands.Instances)
        {
            if (!TryChoose(demand, shortest, slots.Local(demand.Model), out int exit, out var chosen)) continue;
            plan.Add(demand, chosen.Cuts, [exit], [chosen.LatencyS], chosen.Mask);
            slots.Take(demand.Model, chosen.Mask);
        }
        return plan.Build();
    }

    private static bool TryChoose(in InstanceDemand demand, ShortestLatencyPartition shortest, int[] free, out int exit, out ShortestLatencyPartition.Choice chosen)
    {
        var task = demand.Tasks[0];
        shortest.Bind(demand);
        // Models have a handful of exits: the order fits on the stack.
        int exits = task.Task.Exits.Count;
        Span<int> order = exits <= 64 ? stackalloc int[exits] : new int[exits];
        ByAccuracyDescending(task.Task, order);
        foreach (int e in order)
        {
            if (task.AccuracyEligible(e) == 0) continue;
            if (shortest.TryFind(e, free, out chosen) && chosen.Served > 0)
            {
                exit = e;
                return true;
            }
        }
        (exit, chosen) = (-1, default);
        return false;
    }

    /// <summary>
    /// Exit indices, most accurate first; equal accuracies keep the earlier (cheaper) exit first. An
    /// insertion sort: a total order, so the same result as any sort, without a comparison closure.
    /// </summary>
    private static void ByAccuracyDescending(Domain.TaskSpec task, Span<int> order)
    {
        for (int i = 0; i < order.Length; i++)
        {
            int j = i;
            while (j > 0 && Before(task, i, order[j - 1]))
            {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
    }

    private static bool Before(Domain.TaskSpec task, int a, int b)
    {
        int c = task.Exits[b].Accuracy.CompareTo(task.Exits[a].Accuracy);
        return c != 0 ? c < 0 : a < b;
    }
}
