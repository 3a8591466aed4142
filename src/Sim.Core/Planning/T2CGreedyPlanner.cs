namespace T2CSim.Core.Planning;

/// <summary>
/// The thesis's deployment planning algorithm (slides, "Deployment Planning Algorithm"): models sorted
/// by number of requests; for each, (1) exit points from the accuracy requirements, (2) the partition
/// points serving the most requests (ties: lowest latency), (3) the chosen tiers lose a slot. A model
/// that cannot serve anyone on the tiers left is skipped. One multi-task instance per model.
/// T2C_M and T2C_MH use FinalExit; T2C_MHE and T2C_MHER use StrictestAccuracy (or BestCount).
/// </summary>
public sealed class T2CGreedyPlanner : IDeploymentPlanner
{
    public string Name { get; }
    public ExitPointSelection ExitSelection { get; }

    public T2CGreedyPlanner(string name, ExitPointSelection exitSelection)
    {
        Name = name;
        ExitSelection = exitSelection;
    }

    public DeploymentPlan Plan(PlanningContext context)
    {
        var view = context.Predictor;
        int tiers = view.TierCount;
        var slots = new PathSlots(view.Topology, context.FreeSlots.ToArray(), context.Reach);
        // One evaluator and one incumbent for the whole call, pointed at each instance in turn.
        var evaluator = new ConfigurationEvaluator(view, ExitSelection);
        var best = new BestConfiguration();
        using var demands = InstanceDemands.Group(context, multiTask: true);
        var plan = new PlanAssembler(Name, context.Requests, view.Topology, demands.Count);
        foreach (ref readonly var demand in demands.Instances)
        {
            evaluator.Reset(demand);
            best.Reset(demand.Tasks.Count);
            var free = slots.Local(demand.Model);
            foreach (var cuts in PartitionCandidates.For(tiers, demand.MaxDepth))
            {
                evaluator.Evaluate(cuts, TierUsage.DeepestAllowedExit(cuts, tiers, free));
                if (evaluator.Served == 0) continue;
                best.Offer(cuts, evaluator.Served, evaluator.LatencySumS, tiers, evaluator.DeepestExit, evaluator.Exits, evaluator.LatencyS);
            }
            if (!best.Found) continue;
            plan.Add(demand, best.Cuts!, best.Exits, best.LatencyS, best.Mask);
            slots.Take(demand.Model, best.Mask);
        }
        return plan.Build();
    }
}
