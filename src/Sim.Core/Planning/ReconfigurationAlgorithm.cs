namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>
/// The slides' dynamic reconfiguration algorithm, for one deployed model whose performance dropped:
/// keeping to the tiers it already holds (it may use fewer, never another), for every combination of
/// exit points (one per task it serves), (i) the partition points with the lowest predicted latency,
/// (ii) the requests predicted to be served; return the combination serving the most (ties: lower
/// latency). Tasks of a multi-task model share the partition points, so "the lowest latency" is the
/// lowest sum over its tasks, and the exits are enumerated as a cross product, not task by task: a
/// deeper exit for one task can change which cuts are fastest for all of them. The task set is kept;
/// only exits and cuts change. When nothing serves more than the current configuration under the new
/// conditions, the current deployment object itself is returned (no reconfiguration, no downtime).
/// </summary>
public static class ReconfigurationAlgorithm
{
    public static ModelDeployment Reconfigure(ModelDeployment current, IReadOnlyList<Request> requests, LatencyPredictorView view)
    {
        var model = view.Catalog[current.Model];
        int tiers = view.TierCount;
        using var demands = DemandOf(current, model, requests);
        var demand = demands[0];
        var tasks = demand.Tasks;
        var held = new int[tiers];
        foreach (int k in current.TiersUsed) held[k] = 1;

        // Mixed-radix enumeration of exit combinations: combo c gives task t exit (c / radix[t]) % n_t.
        var radix = new int[tasks.Count];
        int combos = 1;
        for (int t = 0; t < tasks.Count; t++)
        {
            radix[t] = combos;
            combos *= tasks[t].Task.Exits.Count;
        }
        var deepest = new int[combos];
        for (int c = 0; c < combos; c++)
            for (int t = 0; t < tasks.Count; t++)
                deepest[c] = Math.Max(deepest[c], tasks[t].Task.Exits[ExitOf(c, t, radix, tasks)].After);

        var fastestSum = new double[combos];
        var fastestCuts = new PartitionPoints?[combos];
        Array.Fill(fastestSum, double.PositiveInfinity);
        var latency = new double[tasks.Count][];
        for (int t = 0; t < tasks.Count; t++) latency[t] = new double[tasks[t].Task.Exits.Count];
        var tables = new Prediction.TaskLatencyTable[tasks.Count];
        for (int t = 0; t < tasks.Count; t++) tables[t] = view.Bind(model, tasks[t].Task);
        foreach (var cuts in PartitionCandidates.For(tiers, demand.MaxDepth))
        {
            int bound = TierUsage.DeepestAllowedExit(cuts, tiers, held);
            for (int t = 0; t < tasks.Count; t++)
                for (int e = 0; e < latency[t].Length; e++)
                {
                    var exit = tasks[t].Task.Exits[e];
                    latency[t][e] = exit.After <= bound ? tables[t].Predict(exit, cuts) : double.PositiveInfinity;
                }
            for (int c = 0; c < combos; c++)
            {
                if (deepest[c] > bound) continue;
                double sum = 0;
                for (int t = 0; t < tasks.Count; t++) sum += latency[t][ExitOf(c, t, radix, tasks)];
                if (sum < fastestSum[c])
                {
                    fastestSum[c] = sum;
                    fastestCuts[c] = cuts;
                }
            }
        }

        Configuration? best = null;
        for (int c = 0; c < combos; c++)
        {
            if (fastestCuts[c] is not { } cuts) continue;
            var exits = new int[tasks.Count];
            for (int t = 0; t < tasks.Count; t++) exits[t] = ExitOf(c, t, radix, tasks);
            var candidate = Evaluate(demand, exits, cuts, view, tiers);
            if (best is null || candidate.Served > best.Served || (candidate.Served == best.Served && candidate.LatencySumS < best.LatencySumS))
                best = candidate;
        }
        if (best is null) return current;
        var now = Evaluate(demand, CurrentExits(current, tasks), current.Partition, view, tiers);
        return best.Served > now.Served ? PlanAssembler.ToDeployment(demand, best) : current;
    }

    private static int ExitOf(int combo, int task, int[] radix, ArraySegment<TaskDemand> tasks) =>
        combo / radix[task] % tasks[task].Task.Exits.Count;

    private static InstanceDemands DemandOf(ModelDeployment current, ModelSpec model, IReadOnlyList<Request> requests)
    {
        var tasks = new TaskSpec[current.Tasks.Count];
        for (int t = 0; t < tasks.Length; t++) tasks[t] = model.Task(current.Tasks[t].Task);
        return InstanceDemands.ForTasks(model, tasks, requests);
    }

    private static int[] CurrentExits(ModelDeployment current, ArraySegment<TaskDemand> tasks)
    {
        var exits = new int[tasks.Count];
        for (int t = 0; t < tasks.Count; t++) exits[t] = current.Tasks[t].ExitIndex;
        return exits;
    }

    /// <summary>What the predictor says of fixed exits and cuts, every task run (the task set is kept).</summary>
    private static Configuration Evaluate(in InstanceDemand demand, int[] exits, PartitionPoints cuts, LatencyPredictorView view, int tiers)
    {
        var latency = new double[exits.Length];
        int served = 0, deepest = 0;
        double sum = 0;
        for (int t = 0; t < exits.Length; t++)
        {
            var task = demand.Tasks[t];
            var exit = task.Task.Exits[exits[t]];
            latency[t] = view.Predict(demand.Model, task.Task, exit, cuts);
            served += task.Count(exits[t], latency[t]);
            sum += latency[t];
            deepest = Math.Max(deepest, exit.After);
        }
        return new Configuration
        {
            Cuts = cuts,
            Exits = exits,
            LatencyS = latency,
            Served = served,
            LatencySumS = sum,
            Mask = TierUsage.Mask(cuts, tiers, deepest),
        };
    }
}
