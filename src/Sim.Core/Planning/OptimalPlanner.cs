namespace T2CSim.Core.Planning;

/// <summary>
/// T2C_OPT (not in the thesis): a plan that provably maximises the predicted number of served
/// requests under the slot constraints, for the T2C_MHE problem (one multi-task instance per model,
/// any exit per task, shared partition points). Method: per instance, the best configuration for each
/// set of occupied tiers (ConfigurationFrontier); then an exact dynamic program over instances ×
/// remaining slots (SlotKnapsack). Ties: lower total latency. docs/algorithms.md has the proof sketch.
/// With multiTask false it solves the single-task problem of NEU and Edgent instead (one instance per
/// model and task), an upper bound for those two baselines.
/// </summary>
public sealed class OptimalPlanner : IDeploymentPlanner
{
    public string Name { get; }
    public bool MultiTask { get; }

    public OptimalPlanner(string name = "T2C_OPT", bool multiTask = true)
    {
        Name = name;
        MultiTask = multiTask;
    }

    public DeploymentPlan Plan(PlanningContext context)
    {
        var view = context.Predictor;
        var free = context.FreeSlots.ToArray();
        var frontiers = new List<ConfigurationFrontier>();
        var evaluator = new ConfigurationEvaluator(view, ExitPointSelection.BestCount);
        using var demands = InstanceDemands.Group(context, MultiTask);
        foreach (ref readonly var demand in demands.Instances)
            frontiers.Add(ConfigurationFrontier.Build(demand, evaluator, view.TierCount, free));
        var chosen = SlotKnapsack.Solve(frontiers, free, Name);
        var plan = new PlanAssembler(Name, context.Requests, view.TierCount);
        for (int i = 0; i < frontiers.Count; i++)
            if (chosen[i] != 0) plan.Add(frontiers[i].Demand, frontiers[i].ByMask[chosen[i]]!);
        return plan.Build();
    }
}
