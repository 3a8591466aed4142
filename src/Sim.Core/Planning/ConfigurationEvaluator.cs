namespace T2CSim.Core.Planning;

using T2CSim.Core.Domain;

/// <summary>
/// Evaluates an instance at given partition points: per task, the allowed exit that serves the most
/// requests (ties: lower latency, then the earlier exit) among exits reading a position no deeper than
/// a bound (so that the instance stays off tiers without a free slot). Shared by the T2C planners,
/// T2C_OPT and reconfiguration, so "served" means the same thing everywhere.
/// </summary>
internal sealed class ConfigurationEvaluator
{
    private readonly InstanceDemand _demand;
    private readonly int[][] _allowedExits;
    private readonly Prediction.TaskLatencyTable[] _latency;

    public int[] Exits { get; }
    public double[] LatencyS { get; }
    public int Served { get; private set; }
    public double LatencySumS { get; private set; }
    public int DeepestExit { get; private set; }

    public ConfigurationEvaluator(InstanceDemand demand, LatencyPredictorView view, int[][] allowedExits)
    {
        _demand = demand;
        _allowedExits = allowedExits;
        _latency = new Prediction.TaskLatencyTable[demand.Tasks.Length];
        for (int t = 0; t < _latency.Length; t++) _latency[t] = view.Bind(demand.Model, demand.Tasks[t].Task);
        Exits = new int[demand.Tasks.Length];
        LatencyS = new double[demand.Tasks.Length];
    }

    /// <summary>The exits each task may take under a selection rule (empty: the task cannot serve anyone).</summary>
    public static int[][] AllowedExits(InstanceDemand demand, ExitPointSelection selection)
    {
        var allowed = new int[demand.Tasks.Length][];
        for (int t = 0; t < allowed.Length; t++)
        {
            var task = demand.Tasks[t];
            allowed[t] = selection switch
            {
                ExitPointSelection.FinalExit => [task.Task.Exits.Count - 1],
                ExitPointSelection.StrictestAccuracy => task.StrictestExit >= 0 ? [task.StrictestExit] : [],
                ExitPointSelection.BestCount => Enumerable.Range(0, task.Task.Exits.Count).ToArray(),
                _ => throw new ArgumentOutOfRangeException(nameof(selection)),
            };
        }
        return allowed;
    }

    /// <summary>Fills Exits, LatencyS, Served, LatencySumS and DeepestExit for these cuts.</summary>
    public void Evaluate(PartitionPoints cuts, int deepestAllowedExit)
    {
        int served = 0, deepest = 0;
        double latencySum = 0;
        for (int t = 0; t < _demand.Tasks.Length; t++)
        {
            var task = _demand.Tasks[t];
            int bestExit = -1, bestCount = 0;
            double bestLatency = double.PositiveInfinity;
            foreach (int e in _allowedExits[t])
            {
                var exit = task.Task.Exits[e];
                if (exit.After > deepestAllowedExit) continue;
                double latency = _latency[t].Predict(exit, cuts);
                int count = task.Count(e, latency);
                if (count > bestCount || (count == bestCount && count > 0 && latency < bestLatency))
                {
                    bestExit = e;
                    bestCount = count;
                    bestLatency = latency;
                }
            }
            Exits[t] = bestExit;
            LatencyS[t] = bestLatency;
            if (bestExit < 0) continue;
            served += bestCount;
            latencySum += bestLatency;
            deepest = Math.Max(deepest, task.Task.Exits[bestExit].After);
        }
        Served = served;
        LatencySumS = latencySum;
        DeepestExit = deepest;
    }

    public Configuration Snapshot(PartitionPoints cuts, int tiers) => new()
    {
        Cuts = cuts,
        Exits = (int[])Exits.Clone(),
        LatencyS = (double[])LatencyS.Clone(),
        Served = Served,
        LatencySumS = LatencySumS,
        Mask = TierUsage.Mask(cuts, tiers, DeepestExit),
    };
}
