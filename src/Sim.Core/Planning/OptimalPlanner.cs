namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

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
        var slots = new PathSlots(view.Topology, context.FreeSlots.ToArray(), context.Reach);
        var frontiers = new List<ConfigurationFrontier>();
        var evaluator = new ConfigurationEvaluator(view, ExitPointSelection.BestCount);
        using var demands = InstanceDemands.Group(context, MultiTask);
        // The knapsack's state is the slots left per tier of one path. Instances on one device share
        // that path, so the program stays exact; instances of several devices would need a state per
        // node of their union (docs/topology.md), which this planner refuses rather than approximates.
        NodePath? path = null;
        foreach (ref readonly var demand in demands.Instances)
        {
            var own = view.Topology.PathOf(demand.Model);
            if (path is not null && !ReferenceEquals(path, own))
                throw new UserInputException(null, $"algorithm {Name}",
                    $"plans instances of one device only; this call has instances on devices {view.Topology.Nodes[path.Device].Name} and {view.Topology.Nodes[own.Device].Name} (use a greedy algorithm on graph scenarios)");
            path = own;
        }
        var free = path is null ? slots.Free : slots.Local(demands.Instances.Length > 0 ? demands.Instances[0].Model : null!);
        foreach (ref readonly var demand in demands.Instances)
            frontiers.Add(ConfigurationFrontier.Build(demand, evaluator, view.TierCount, free));
        var chosen = SlotKnapsack.Solve(frontiers, free.AsSpan(0, view.TierCount), Name);
        var plan = new PlanAssembler(Name, context.Requests, view.Topology);
        for (int i = 0; i < frontiers.Count; i++)
            if (chosen[i] != 0) plan.Add(frontiers[i].Demand, frontiers[i].ByMask[chosen[i]]!);
        return plan.Build();
    }
}
